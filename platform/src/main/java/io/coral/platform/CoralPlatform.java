package io.coral.platform;

import io.coral.acs.AcsServer;
import io.coral.acs.AuthMode;
import io.coral.bus.Bus;
import io.coral.bus.nats.NatsBus;
import io.coral.controller.MqttVersion;
import io.coral.controller.UspController;
import io.coral.controller.broker.EmbeddedBroker;
import io.coral.script.ScriptEngine;
import io.coral.bus.LocalBus;
import io.coral.bus.Subjects;
import io.coral.platform.api.ApiContext;
import io.coral.platform.api.RestApi;
import io.coral.platform.config.ConfigException;
import io.coral.platform.config.CoralConfig;
import io.coral.platform.config.Role;
import io.coral.platform.http.ApiHandler;
import io.coral.platform.http.Authenticator;
import io.coral.platform.http.ConsoleHandler;
import io.coral.platform.http.HttpServer;
import io.coral.platform.metrics.BusMeter;
import io.coral.platform.metrics.EventMeter;
import io.coral.platform.metrics.PlatformMetrics;
import io.coral.store.Store;
import io.coral.store.embedded.EmbeddedMongo;
import io.coral.store.mongo.MongoStore;
import java.net.BindException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole product in one object: the store, the bus and every service of the configured roles.
 * {@code java -jar coral.jar} builds one from the command line; tests build one with ports 0, an
 * in-memory store and, if they like, a bus or store of their own.
 */
public final class CoralPlatform implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CoralPlatform.class);
    public static final String VERSION = Optional.ofNullable(CoralPlatform.class.getPackage().getImplementationVersion())
            .orElse("dev");

    private final CoralConfig config;
    private final boolean inMemoryStore;
    private final Bus givenBus;
    private final Store givenStore;
    private final String adminTokenGiven;
    private final Clock clock;

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final Map<String, String> endpoints = new LinkedHashMap<>();
    private PlatformMetrics metrics;
    private Bus bus;
    private Store store;
    private HttpServer http;
    private AcsServer acsServer;
    private int mqttBrokerPort = -1;
    private String adminTokenCreated;
    private volatile boolean running;

    private CoralPlatform(Builder b) {
        this.config = b.config();
        this.inMemoryStore = b.inMemoryStore;
        this.givenBus = b.bus;
        this.givenStore = b.store;
        this.adminTokenGiven = b.adminToken;
        this.clock = b.clock;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts the store, the bus and each role's service. On failure everything started so far is closed. */
    public synchronized CoralPlatform start() {
        if (running) {
            return this;
        }
        try {
            metrics = new PlatformMetrics();
            store = openStore();
            bus = openBus();
            for (Role role : EnumSet.copyOf(config.roles())) {
                startRole(role);
            }
            if (!config.has(Role.API)) {
                startHttp(false);
            }
            running = true;
            log.info("Coral {} started with roles {}", VERSION, roleNames());
            return this;
        } catch (RuntimeException e) {
            closeQuietly();
            throw e;
        } catch (Exception e) {
            closeQuietly();
            throw new IllegalStateException("cannot start Coral: " + e.getMessage(), e);
        }
    }

    private Store openStore() {
        if (givenStore != null) {
            endpoints.put("store", "given by the caller");
            return givenStore;
        }
        if (config.mongoUri() != null) {
            MongoStore s;
            try {
                s = MongoStore.open(config.mongoUri());
            } catch (RuntimeException e) {
                throw new ConfigException("mongo-uri", "cannot use " + redact(config.mongoUri()) + ": " + e.getMessage());
            }
            started.push(s);
            endpoints.put("store", "MongoDB " + redact(config.mongoUri()));
            return s;
        }
        EmbeddedMongo em;
        if (inMemoryStore) {
            em = EmbeddedMongo.inMemory();
            endpoints.put("store", "embedded, in memory (data is lost on exit)");
        } else {
            Path dir = config.dataDir().resolve("db");
            try {
                em = EmbeddedMongo.fileBacked(dir);
            } catch (RuntimeException e) {
                throw new ConfigException("data-dir", "cannot open the embedded store under " + dir + ": " + e.getMessage());
            }
            endpoints.put("store", "embedded MongoDB-wire store in " + dir.toAbsolutePath().normalize());
        }
        started.push(em);
        MongoStore s = MongoStore.open(em.uri());
        started.push(s);
        return s;
    }

    private Bus openBus() {
        if (givenBus != null) {
            endpoints.put("bus", "given by the caller");
            return givenBus;
        }
        BusMeter meter = new BusMeter(metrics, new Subjects(config.busPrefix()));
        if (config.natsUrl() != null) {
            NatsBus nats;
            try {
                nats = NatsBus.builder().url(config.natsUrl()).prefix(config.busPrefix()).listener(meter)
                        .connectionName("coral-" + String.join("-", roleNames())).build();
            } catch (RuntimeException e) {
                throw new ConfigException("nats-url", "cannot use " + redact(config.natsUrl()) + ": " + Main.rootMessage(e));
            }
            started.push(nats);
            endpoints.put("bus", "NATS " + redact(config.natsUrl()) + " (JetStream stream " + nats.streamName() + ")");
            return nats;
        }
        LocalBus b = LocalBus.builder().prefix(config.busPrefix()).listener(meter).build();
        started.push(b);
        endpoints.put("bus", "in-JVM (LocalBus)");
        return b;
    }

    private void startRole(Role role) throws Exception {
        switch (role) {
            case API -> startApi();
            case ACS -> startAcs();
            case SCRIPTS -> startScripts();
            case USP -> startUsp();
            default -> throw new ConfigException("roles", "role " + role.wire() + " is not available in this build");
        }
    }

    private void startAcs() {
        AcsServer.Builder b = AcsServer.builder().bus(bus).store(store).clock(clock)
                .host(config.acsHost()).port(config.acsPort())
                .authMode(AuthMode.valueOf(config.acsAuth().toUpperCase(java.util.Locale.ROOT)))
                // a CPE's connection-request password never travels in an Inform: by default the ACS sets its own on BOOTSTRAP
                .provisionConnectionRequestCredentials(config.acsProvisionCr());
        if (config.acsUsername() != null) {
            b.credentials(config.acsUsername(), config.acsPassword());
        } else if (!config.acsAuth().equals("none")) {
            b.credentialsFromStore(true);
        }
        if (!inMemoryStore) {
            b.filesDir(config.dataDir().resolve("files"));
        }
        if (config.instanceId() != null) {
            b.instanceId("acs-" + config.instanceId());
        }
        AcsServer acs = b.build();
        try {
            acs.start();
        } catch (RuntimeException e) {
            acs.close();
            if (hasCause(e, BindException.class)) {
                throw new ConfigException("acs-port", "cannot listen on " + config.acsHost() + ":" + config.acsPort() + " (" + Main.rootMessage(e) + ")");
            }
            throw e;
        }
        started.push(acs);
        acsServer = acs;
        io.micrometer.core.instrument.Gauge.builder("coral.cwmp.sessions.active", acs, AcsServer::sessions)
                .description("CWMP sessions open on this ACS instance").register(metrics.registry());
        endpoints.put("acs", acs.url() + " (CPE auth " + config.acsAuth() + ")");
    }

    private void startUsp() {
        String url = config.mqttUrl();
        if (url == null) {
            EmbeddedBroker broker;
            try {
                broker = EmbeddedBroker.builder().host(config.mqttHost()).port(config.mqttPort()).start();
            } catch (RuntimeException e) {
                throw new ConfigException("mqtt-port", "cannot start the embedded MQTT broker on " + config.mqttHost() + ":"
                        + config.mqttPort() + " (" + Main.rootMessage(e) + ")");
            }
            started.push(broker);
            mqttBrokerPort = broker.port();
            String host = config.mqttHost().equals("0.0.0.0") || config.mqttHost().equals("::") ? "127.0.0.1" : config.mqttHost();
            url = "tcp://" + host + ":" + broker.port();
            endpoints.put("mqtt", "tcp://" + displayHost(config.mqttHost()) + ":" + broker.port() + " (embedded, MQTT 3.1.1)");
        }
        UspController.Builder b = UspController.builder().bus(bus).store(store).clock(clock).mqttUrl(url)
                .endpointId(config.uspEndpointId()).controllerTopic(config.uspTopic());
        if (config.mqttUrl() != null) {
            // several controller replicas on one external broker share the load of the controller topic
            b.sharedSubscriptionGroup("coral");
        } else {
            // the embedded broker (Moquette 0.17) speaks MQTT 3.1.1 only; agents must use 3.1.1 with it too
            b.mqttVersion(MqttVersion.V3_1_1);
        }
        if (config.instanceId() != null) {
            b.instanceId(config.instanceId().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]", ""));
        }
        UspController controller;
        try {
            controller = b.build();
        } catch (IllegalArgumentException e) {
            throw new ConfigException("usp-endpoint-id", e.getMessage());
        }
        controller.start();
        started.push(controller);
        endpoints.put("usp", "endpoint " + config.uspEndpointId() + ", topic " + config.uspTopic() + " on " + redact(url));
    }

    /** The embedded MQTT broker's port; -1 when there is none. */
    public int mqttPort() {
        return mqttBrokerPort;
    }

    private void startScripts() {
        ScriptEngine.Builder b = ScriptEngine.builder().bus(bus).store(store).onRunStarted(metrics::scriptRun);
        if (config.instanceId() != null) {
            b.instanceId("scripts-" + config.instanceId());
        }
        ScriptEngine engine = b.build();
        engine.start();
        started.push(engine);
        io.micrometer.core.instrument.Gauge.builder("coral.script.runs.active", engine, ScriptEngine::activeRuns)
                .description("script runs in progress on this engine").register(metrics.registry());
        io.micrometer.core.instrument.Gauge.builder("coral.script.listeners", engine, ScriptEngine::listenerCount)
                .description("event listeners registered by running scripts").register(metrics.registry());
        endpoints.put("scripts", "Lua engine " + engine.instanceId() + " (bus API on " + bus.subjects().scriptsAll() + ")");
    }

    private void startApi() throws Exception {
        started.push(new EventMeter(bus, metrics));
        metrics.bindDevices(store);
        startHttp(true);
        adminTokenCreated = AdminToken.bootstrap(store, adminTokenGiven, adminTokenDir()).orElse(null);
    }

    /**
     * The HTTP server: the whole REST API and console with the api role; otherwise only health and
     * metrics, so that every role has a health check.
     */
    private void startHttp(boolean fullApi) throws Exception {
        Authenticator auth = new Authenticator(store.tokens(), Duration.ofSeconds(5), clock);
        ApiContext ctx = new ApiContext(bus, store, metrics, auth, roleNames(), VERSION, clock);
        HttpServer server = new HttpServer(config.httpHost(), config.httpPort(),
                new ApiHandler(fullApi ? RestApi.router(ctx) : RestApi.healthOnly(ctx), auth, metrics),
                fullApi ? new ConsoleHandler() : null);
        try {
            server.start();
        } catch (Exception e) {
            try {
                server.close();
            } catch (Exception ignored) {
                // nothing more to release
            }
            if (hasCause(e, BindException.class)) {
                throw new ConfigException("http-port", "cannot listen on " + config.httpHost() + ":" + config.httpPort() + " (" + e.getMessage() + ")");
            }
            throw e;
        }
        http = server;
        started.push(server);
        endpoints.put(fullApi ? "api" : "health", "http://" + displayHost(config.httpHost()) + ":" + server.port()
                + (fullApi ? "/" : "/api/health"));
    }

    static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    static String displayHost(String host) {
        return host.equals("0.0.0.0") || host.equals("::") ? "localhost" : host;
    }

    /** A URI without its password, for printing. */
    static String redact(String uri) {
        return uri.replaceAll("://([^:/@]+):[^@/]*@", "://$1:***@");
    }

    public List<String> roleNames() {
        return config.roles().stream().sorted().map(Role::wire).toList();
    }

    public CoralConfig config() {
        return config;
    }

    public Bus bus() {
        return bus;
    }

    public Store store() {
        return store;
    }

    public PlatformMetrics metrics() {
        return metrics;
    }

    /** The REST port (the bound one when 0 was asked for); -1 without the api role. */
    public int httpPort() {
        return http == null ? -1 : http.port();
    }

    /** The ACS port (the bound one when 0 was asked for); -1 without the acs role. */
    public int acsPort() {
        return acsServer == null ? -1 : acsServer.port();
    }

    /** Where each part listens or what it uses, in start order ("api" → "http://localhost:8080/", …). */
    public Map<String, String> endpoints() {
        return Map.copyOf(endpoints);
    }

    /** Lines describing where each part listens, for the console output of {@code Main}. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        lines.add("Coral " + VERSION + " running roles " + String.join(",", roleNames()));
        String[][] order = {
            {"api", "REST API and console"}, {"health", "Health and metrics"}, {"acs", "ACS (TR-069)"}, {"mqtt", "MQTT broker"}, {"usp", "USP controller"},
            {"scripts", "Script engine"}, {"store", "Store"}, {"bus", "Bus"}};
        for (String[] o : order) {
            String v = endpoints.get(o[0]);
            if (v != null) {
                lines.add(String.format("  %-22s %s", o[1], v));
            }
        }
        return lines;
    }

    private Path adminTokenDir() {
        return inMemoryStore || givenStore != null ? null : config.dataDir();
    }

    /** Where the admin token created by this start was written, if anywhere. */
    public Optional<Path> adminTokenFile() {
        Path dir = adminTokenDir();
        return adminTokenCreated == null || dir == null ? Optional.empty() : Optional.of(dir.resolve(AdminToken.FILE).toAbsolutePath().normalize());
    }

    /** The admin token if this start created it (first start with an empty store), else empty. */
    public Optional<String> createdAdminToken() {
        return Optional.ofNullable(adminTokenCreated);
    }

    public boolean isRunning() {
        return running;
    }

    @Override
    public synchronized void close() {
        if (!running && started.isEmpty()) {
            return;
        }
        running = false;
        closeQuietly();
        log.info("Coral stopped");
    }

    private void closeQuietly() {
        while (!started.isEmpty()) {
            AutoCloseable c = started.pop();
            try {
                c.close();
            } catch (Exception e) {
                log.warn("error while stopping {}: {}", c.getClass().getSimpleName(), e.getMessage());
            }
        }
    }

    public static final class Builder {
        private CoralConfig base = CoralConfig.defaults();
        private Path dataDir;
        private String httpHost;
        private Integer httpPort;
        private String acsHost;
        private Integer acsPort;
        private String acsAuth;
        private String acsUsername;
        private String acsPassword;
        private String mqttHost;
        private Integer mqttPort;
        private String mqttUrl;
        private String natsUrl;
        private String mongoUri;
        private Set<Role> roles;
        private String uspEndpointId;
        private String uspTopic;
        private String busPrefix;
        private String instanceId;
        private boolean inMemoryStore;
        private Bus bus;
        private Store store;
        private String adminToken;
        private Clock clock = Clock.systemUTC();

        /** Start from validated settings (the command line's); the other builder calls override them. */
        public Builder config(CoralConfig config) {
            this.base = config;
            return this;
        }

        public Builder dataDir(Path dir) {
            this.dataDir = dir;
            return this;
        }

        /** Binds every listener (REST, ACS, embedded MQTT) to this address, e.g. 127.0.0.1 in tests. */
        public Builder host(String host) {
            this.httpHost = host;
            this.acsHost = host;
            this.mqttHost = host;
            return this;
        }

        public Builder httpPort(int port) {
            this.httpPort = port;
            return this;
        }

        public Builder acsPort(int port) {
            this.acsPort = port;
            return this;
        }

        /** CPE authentication: "none", "digest" or "basic"; with a username and password, one credential for all. */
        public Builder acsAuth(String mode, String username, String password) {
            this.acsAuth = mode;
            this.acsUsername = username;
            this.acsPassword = password;
            return this;
        }

        public Builder mqttPort(int port) {
            this.mqttPort = port;
            return this;
        }

        /** An external MQTT broker; no embedded one is started. */
        public Builder mqttUrl(String url) {
            this.mqttUrl = url;
            return this;
        }

        public Builder natsUrl(String url) {
            this.natsUrl = url;
            return this;
        }

        public Builder mongoUri(String uri) {
            this.mongoUri = uri;
            return this;
        }

        public Builder roles(Role... roles) {
            this.roles = Set.copyOf(Arrays.asList(roles));
            return this;
        }

        public Builder roles(Set<Role> roles) {
            this.roles = Set.copyOf(roles);
            return this;
        }

        public Builder uspEndpointId(String id) {
            this.uspEndpointId = id;
            return this;
        }

        public Builder uspTopic(String topic) {
            this.uspTopic = topic;
            return this;
        }

        /** Stable id of this replica's ACS and script engine (task ownership, durable consumer). */
        public Builder instanceId(String id) {
            this.instanceId = id;
            return this;
        }

        public Builder busPrefix(String prefix) {
            this.busPrefix = prefix;
            return this;
        }

        /** The embedded store without a file (tests). */
        public Builder inMemoryStore() {
            this.inMemoryStore = true;
            return this;
        }

        /** Use this bus (not closed by the platform), e.g. one LocalBus shared by several platforms. */
        public Builder bus(Bus bus) {
            this.bus = bus;
            return this;
        }

        /** Use this store (not closed by the platform). */
        public Builder store(Store store) {
            this.store = store;
            return this;
        }

        /** The secret of the first admin token ({@code CORAL_ADMIN_TOKEN}); generated when null. */
        public Builder adminToken(String token) {
            this.adminToken = token;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        CoralConfig config() {
            CoralConfig b = base;
            return new CoralConfig(
                    dataDir != null ? dataDir : b.dataDir(),
                    httpHost != null ? httpHost : b.httpHost(),
                    httpPort != null ? httpPort : b.httpPort(),
                    acsHost != null ? acsHost : b.acsHost(),
                    acsPort != null ? acsPort : b.acsPort(),
                    acsAuth != null ? acsAuth : b.acsAuth(),
                    acsAuth != null ? acsUsername : b.acsUsername(),
                    acsAuth != null ? acsPassword : b.acsPassword(),
                    b.acsProvisionCr(),
                    mqttHost != null ? mqttHost : b.mqttHost(),
                    mqttPort != null ? mqttPort : b.mqttPort(),
                    mqttUrl != null ? mqttUrl : b.mqttUrl(),
                    natsUrl != null ? natsUrl : b.natsUrl(),
                    mongoUri != null ? mongoUri : b.mongoUri(),
                    roles != null ? roles : b.roles(),
                    uspEndpointId != null ? uspEndpointId : b.uspEndpointId(),
                    uspTopic != null ? uspTopic : b.uspTopic(),
                    busPrefix != null ? busPrefix : b.busPrefix(),
                    instanceId != null ? instanceId : b.instanceId());
        }

        public CoralPlatform build() {
            return new CoralPlatform(this);
        }

        /** Builds and starts. */
        public CoralPlatform start() {
            return build().start();
        }
    }
}
