package io.coral.acs;

import io.coral.acs.auth.CpeAuthenticator;
import io.coral.acs.cr.ConnectionRequester;
import io.coral.acs.http.CwmpHandler;
import io.coral.acs.inform.InformProcessor;
import io.coral.acs.session.SessionRegistry;
import io.coral.acs.status.ContactCoalescer;
import io.coral.acs.status.StatusSweeper;
import io.coral.acs.task.CpeRequests;
import io.coral.acs.task.PendingTasks;
import io.coral.acs.task.TaskService;
import io.coral.bus.Bus;
import io.coral.cwmp.codec.CwmpCodec;
import io.coral.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.server.handler.ResourceHandler;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.VirtualThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TR-069 ACS: Jetty 12 on virtual threads serving CWMP sessions, commands from the bus as durable tasks,
 * connection requests, the offline sweeper, and firmware files under {@code /files/}.
 *
 * <pre>{@code
 * AcsServer acs = AcsServer.builder().bus(bus).store(store).port(7547).build();
 * acs.start();
 * }</pre>
 */
public final class AcsServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AcsServer.class);

    private final Bus bus;
    private final Store store;
    private final AcsConfig config;
    private final Clock clock;
    private Server server;
    private ServerConnector connector;
    private ScheduledExecutorService scheduler;
    private ConnectionRequester requester;
    private TaskService tasks;
    private SessionRegistry registry;
    private ContactCoalescer contacts;
    private volatile boolean started;

    private AcsServer(Builder b) {
        this.bus = b.bus;
        this.store = b.store;
        this.clock = b.clock;
        this.config = b.config();
    }

    public static Builder builder() {
        return new Builder();
    }

    public AcsConfig config() {
        return config;
    }

    public synchronized AcsServer start() {
        if (started) {
            return this;
        }
        CwmpCodec codec = CwmpCodec.builder().maxBytes((int) Math.min(Integer.MAX_VALUE, config.maxBodyBytes()))
                .build();
        contacts = new ContactCoalescer(store.devices());
        InformProcessor informs = new InformProcessor(store, bus, contacts, clock, config.assumedInformInterval(),
                config.offlineGrace());
        requester = new ConnectionRequester(config.connectionRequestTimeout(), config.connectionRequestAllowBasic());
        registry = new SessionRegistry();
        PendingTasks pending = new PendingTasks(store.tasks(), TaskService.CWMP);
        tasks = new TaskService(store, bus, new TaskService.Settings(config.instanceId(), config.queueGroup(),
                config.taskTimeout(), config.taskMaxAttempts(), config.taskBackoff(), config.taskTtl()), codec,
                requester, clock, pending, registry::hasSession);
        AcsService service = new AcsService(informs, tasks, new CpeRequests(store, bus, clock), store.leases(),
                registry, config.instanceId(), config.provisionConnectionRequestCredentials());
        CpeAuthenticator authenticator = new CpeAuthenticator(config.authMode(), config.realm(), config.username(),
                config.password(), config.credentialsFromStore() ? store.credentials() : null, Duration.ofMinutes(5),
                clock);
        CwmpHandler handler = new CwmpHandler(codec, registry, service, authenticator,
                new CwmpHandler.Settings(config.maxBodyBytes(), config.maxConcurrentSessions(),
                        config.retryAfterSeconds(), config.sessionTimeout(), config.holdRequests()), clock);

        tasks.start();
        StatusSweeper sweeper = new StatusSweeper(store, bus, clock, config.instanceId(), config.offlineGrace(),
                config.sweepInterval(), config.sessionTimeout().multipliedBy(2).plusSeconds(30),
                informs::forgetStatus);
        scheduler = Executors.newScheduledThreadPool(2, Thread.ofPlatform().daemon().name("acs-timer-", 0).factory());
        schedule(() -> registry.expire(clock.instant()), Duration.ofSeconds(1));
        schedule(contacts::flush, config.contactFlushInterval());
        schedule(sweeper::sweep, config.sweepInterval());
        schedule(() -> pending.refresh(100_000), Duration.ofSeconds(5));

        try {
            server = new Server(new VirtualThreadPool());
            ErrorHandler errors = new ErrorHandler();
            errors.setShowStacks(false);
            errors.setShowCauses(false);
            server.setErrorHandler(errors);
            HttpConfiguration http = new HttpConfiguration();
            http.setSendServerVersion(false);
            http.setSendXPoweredBy(false);
            if (config.keystore() != null) {
                http.addCustomizer(new SecureRequestCustomizer(false));
                SslContextFactory.Server ssl = new SslContextFactory.Server();
                ssl.setKeyStorePath(config.keystore().toString());
                ssl.setKeyStorePassword(config.keystorePassword());
                connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"),
                        new HttpConnectionFactory(http));
            } else {
                connector = new ServerConnector(server, new HttpConnectionFactory(http));
            }
            connector.setHost(config.host());
            connector.setPort(config.port());
            connector.setIdleTimeout(Math.max(config.sessionTimeout().toMillis(), 30_000));
            connector.setAcceptQueueSize(1024);
            server.addConnector(connector);

            // The CWMP handler sits outside any context (no per-request wrapping on the hot path); /files is the
            // only context, tried first, and it never lets a /files request fall through.
            Handler.Sequence handlers = new Handler.Sequence();
            if (config.filesDir() != null) {
                Files.createDirectories(config.filesDir());
                ResourceHandler files = new ResourceHandler();
                files.setBaseResource(ResourceFactory.of(server).newResource(config.filesDir()));
                files.setDirAllowed(false);
                files.setAcceptRanges(true);
                // ResourceHandler declines a missing file; answer 404 instead of falling through to CWMP.
                Handler.Wrapper notFound = new Handler.Wrapper(files) {
                    @Override
                    public boolean handle(Request request, Response response, Callback callback) throws Exception {
                        if (!super.handle(request, response, callback)) {
                            Response.writeError(request, response, callback, 404);
                        }
                        return true;
                    }
                };
                ContextHandler filesContext = new ContextHandler(notFound, "/files");
                handlers.addHandler(filesContext);
            }
            handlers.addHandler(handler);
            server.setHandler(handlers);
            server.start();
        } catch (Exception e) {
            closeQuietly();
            throw new IllegalStateException("cannot start the ACS on " + config.host() + ":" + config.port() + ": "
                    + e.getMessage(), e);
        }
        started = true;
        LOG.info("ACS {} listening on {}://{}:{} (auth {}, files {})", config.instanceId(),
                config.keystore() != null ? "https" : "http", config.host(), port(), config.authMode(),
                config.filesDir() == null ? "off" : config.filesDir());
        return this;
    }

    private void schedule(Runnable r, Duration every) {
        long ms = Math.max(every.toMillis(), 10);
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                r.run();
            } catch (Throwable t) {
                LOG.warn("ACS background job failed: {}", t.toString());
            }
        }, ms, ms, TimeUnit.MILLISECONDS);
    }

    /** The bound port (the ephemeral one when configured with 0). */
    public int port() {
        return connector == null ? -1 : connector.getLocalPort();
    }

    /** The URL CPEs are pointed at. */
    public String url() {
        String host = config.host().equals("0.0.0.0") ? "127.0.0.1" : config.host();
        return (config.keystore() != null ? "https" : "http") + "://" + host + ":" + port() + "/";
    }

    /** Live sessions on this instance. */
    public int sessions() {
        return registry == null ? 0 : registry.size();
    }

    @Override
    public synchronized void close() {
        closeQuietly();
        started = false;
    }

    private void closeQuietly() {
        if (server != null) {
            try {
                server.stop();
            } catch (Exception e) {
                LOG.debug("stopping Jetty", e);
            }
        }
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        if (tasks != null) {
            tasks.close();
        }
        if (registry != null) {
            try {
                registry.abortAll("ACS shutting down");
            } catch (RuntimeException e) {
                LOG.warn("ending sessions at shutdown: {}", e.toString());
            }
        }
        if (contacts != null) {
            try {
                contacts.flush();
            } catch (RuntimeException e) {
                LOG.debug("last contact flush", e);
            }
        }
        if (requester != null) {
            requester.close();
        }
    }

    /** Builds an {@link AcsServer}; every setting has a default filled in by {@link #build()}. */
    public static final class Builder {
        private Bus bus;
        private Store store;
        private Clock clock = Clock.systemUTC();
        private String host = "0.0.0.0";
        private int port = 7547;
        private String instanceId;
        private AuthMode authMode;
        private String realm = "coral";
        private String username;
        private String password;
        private boolean credentialsFromStore;
        private Duration sessionTimeout = Duration.ofSeconds(30);
        private int maxConcurrentSessions = 2000;
        private int retryAfterSeconds = 10;
        private long maxBodyBytes = 8L * 1024 * 1024;
        private Duration connectionRequestTimeout = Duration.ofSeconds(5);
        private boolean connectionRequestAllowBasic;
        private Duration taskTimeout = Duration.ofSeconds(60);
        private int taskMaxAttempts = 3;
        private Duration taskBackoff = Duration.ofSeconds(30);
        private Duration taskTtl = Duration.ofDays(7);
        private Duration offlineGrace = Duration.ofSeconds(120);
        private Duration sweepInterval = Duration.ofSeconds(15);
        private Duration assumedInformInterval = Duration.ofHours(1);
        private Duration contactFlushInterval = Duration.ofSeconds(1);
        private boolean holdRequests;
        private boolean provisionCr;
        private Path keystore;
        private String keystorePassword;
        private Path filesDir;
        private String queueGroup = "acs";

        public Builder bus(Bus bus) { this.bus = bus; return this; }
        public Builder store(Store store) { this.store = store; return this; }
        public Builder clock(Clock clock) { this.clock = clock; return this; }
        /** Interface to bind (default all). */
        public Builder host(String host) { this.host = host; return this; }
        /** TCP port (default 7547; 0 = ephemeral, read it back with {@link AcsServer#port()}). */
        public Builder port(int port) { this.port = port; return this; }
        /** Names this instance in tasks and leases (default random); keep it stable across restarts. */
        public Builder instanceId(String id) { this.instanceId = id; return this; }
        /** none, basic or digest (default digest when credentials are configured, else none). */
        public Builder authMode(AuthMode mode) { this.authMode = mode; return this; }
        public Builder realm(String realm) { this.realm = realm; return this; }
        /** One credential pair every CPE may use. */
        public Builder credentials(String username, String password) {
            this.username = username;
            this.password = password;
            return this;
        }
        /** Also accept the per-device credentials kept in the store. */
        public Builder credentialsFromStore(boolean on) { this.credentialsFromStore = on; return this; }
        public Builder sessionTimeout(Duration d) { this.sessionTimeout = d; return this; }
        /** Past this many live sessions a new Inform gets 503 with Retry-After. */
        public Builder maxConcurrentSessions(int n) { this.maxConcurrentSessions = n; return this; }
        public Builder retryAfterSeconds(int s) { this.retryAfterSeconds = s; return this; }
        public Builder maxBodyBytes(long n) { this.maxBodyBytes = n; return this; }
        public Builder connectionRequestTimeout(Duration d) { this.connectionRequestTimeout = d; return this; }
        /** Answer a connection request's Basic challenge too (off: Digest only). */
        public Builder connectionRequestAllowBasic(boolean on) { this.connectionRequestAllowBasic = on; return this; }
        /** How long a {@code now} command waits for its result. */
        public Builder taskTimeout(Duration d) { this.taskTimeout = d; return this; }
        public Builder taskMaxAttempts(int n) { this.taskMaxAttempts = n; return this; }
        /** First retry delay after a request got no answer; doubles per attempt. */
        public Builder taskBackoff(Duration d) { this.taskBackoff = d; return this; }
        /** A task not run within this is dropped ("expired"). */
        public Builder taskTtl(Duration d) { this.taskTtl = d; return this; }
        /** Offline once the periodic inform interval plus this has passed without an Inform. */
        public Builder offlineGrace(Duration d) { this.offlineGrace = d; return this; }
        public Builder sweepInterval(Duration d) { this.sweepInterval = d; return this; }
        public Builder assumedInformInterval(Duration d) { this.assumedInformInterval = d; return this; }
        public Builder contactFlushInterval(Duration d) { this.contactFlushInterval = d; return this; }
        /** Ask a device with queued tasks to hold its own requests until they ran. */
        public Builder holdRequests(boolean on) { this.holdRequests = on; return this; }
        /** On BOOTSTRAP, give the CPE random connection-request credentials (kept in the store). */
        public Builder provisionConnectionRequestCredentials(boolean on) { this.provisionCr = on; return this; }
        /** Serve HTTPS from this keystore (PKCS12 or JKS). */
        public Builder keystore(Path path, String password) {
            this.keystore = path;
            this.keystorePassword = password;
            return this;
        }
        /** Serve the files of this directory at {@code /files/} (firmware for Download). */
        public Builder filesDir(Path dir) { this.filesDir = dir; return this; }
        public Builder queueGroup(String group) { this.queueGroup = group; return this; }

        AcsConfig config() {
            AuthMode mode = authMode != null ? authMode
                    : (username != null || credentialsFromStore) ? AuthMode.DIGEST : AuthMode.NONE;
            if (mode != AuthMode.NONE && username == null && !credentialsFromStore) {
                throw new IllegalArgumentException("auth " + mode + " needs credentials(...) or credentialsFromStore(true)");
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            if (maxConcurrentSessions < 1 || taskMaxAttempts < 1 || maxBodyBytes < 1024) {
                throw new IllegalArgumentException("maxConcurrentSessions and taskMaxAttempts must be >= 1, "
                        + "maxBodyBytes >= 1024");
            }
            String id = instanceId != null ? instanceId : "acs-" + UUID.randomUUID().toString().substring(0, 8);
            return new AcsConfig(host, port, id, mode, realm, username, password, credentialsFromStore,
                    sessionTimeout, maxConcurrentSessions, retryAfterSeconds, maxBodyBytes, connectionRequestTimeout,
                    connectionRequestAllowBasic, taskTimeout, taskMaxAttempts, taskBackoff, taskTtl, offlineGrace,
                    sweepInterval, assumedInformInterval, contactFlushInterval, holdRequests, provisionCr, keystore,
                    keystorePassword, filesDir, queueGroup);
        }

        public AcsServer build() {
            Objects.requireNonNull(bus, "bus");
            Objects.requireNonNull(store, "store");
            return new AcsServer(this);
        }
    }
}
