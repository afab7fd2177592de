package io.coral.simulator.cwmp;

import io.coral.cwmp.CwmpNamespace;
import io.coral.cwmp.codec.CwmpCodec;
import io.coral.simulator.model.DataModel;
import io.coral.simulator.model.DeviceIdentity;
import io.coral.simulator.model.DeviceModel;
import io.coral.simulator.stats.FleetStats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Many simulated TR-069 CPEs in one process. They share one data-model template, one HTTP client, one
 * connection-request listener (each CPE at {@code http://host:port/<serial>}) and virtual threads for sessions.
 * <pre>
 * try (CwmpFleet fleet = CwmpFleet.builder().acsUrl("http://127.0.0.1:7547/").count(100).build()) {
 *     fleet.start();
 * }
 * </pre>
 */
public final class CwmpFleet implements AutoCloseable {
    private final Builder cfg;
    private final CwmpContext ctx;
    private final ScheduledThreadPoolExecutor timers;
    private final ExecutorService virtual = Executors.newVirtualThreadPerTaskExecutor();
    private final ConnectionRequestServer crServer;
    private final List<CwmpCpe> cpes;
    private final Map<String, CwmpCpe> bySerial;

    private CwmpFleet(Builder b) {
        this.cfg = b;
        timers = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "cwmp-sim-timer");
            t.setDaemon(true);
            return t;
        });
        timers.setRemoveOnCancelPolicy(true);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).executor(virtual).build();
        ctx = new CwmpContext(http, CwmpCodec.create(), timers, virtual, b.stats, URI.create(b.acsUrl), b.acsUsername,
                b.acsPassword, b.namespace, b.httpTimeout, b.rebootDelay, b.periodicJitter,
                new Semaphore(b.maxConcurrentSessions));
        bySerial = new HashMap<>(b.count * 2);
        try {
            crServer = new ConnectionRequestServer(b.crBindHost, b.crPort, bySerial::get, virtual);
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("cannot listen for connection requests on " + b.crBindHost + ":" + b.crPort, e);
        }
        String crBase = "http://" + b.crHost + ":" + crServer.port() + "/";
        Map<String, String> shared = Map.of("acs_url", b.acsUrl, "acs_username", b.acsUsername == null ? "" : b.acsUsername,
                "periodic_interval", Long.toString(b.periodicInterval), "cr_username", b.crUsername,
                "cr_password", b.crPassword, "controller_id", "", "controller_topic", "");
        List<CwmpCpe> list = new ArrayList<>(b.count);
        for (int i = 0; i < b.count; i++) {
            int index = b.startIndex + i;
            String serial = b.serial != null ? b.serial : b.prefix + String.format("%06d", index);
            DeviceModel device = new DeviceModel(b.model, DeviceIdentity.of(index, serial, b.oui, b.productClass), shared);
            device.setVar("cr_url", crBase + serial);
            CwmpCpe cpe = new CwmpCpe(ctx, device);
            list.add(cpe);
            bySerial.put(serial, cpe);
        }
        cpes = Collections.unmodifiableList(list);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Powers every CPE on, {@code ramp} per second (0: all at once); returns once all are started. */
    public void start() throws InterruptedException {
        long intervalNanos = cfg.rampPerSecond > 0 ? 1_000_000_000L / cfg.rampPerSecond : 0;
        long next = System.nanoTime();
        for (CwmpCpe cpe : cpes) {
            if (intervalNanos > 0) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                next += intervalNanos;
            }
            cpe.start();
            ctx.stats().deviceStarted();
        }
    }

    public List<CwmpCpe> cpes() {
        return cpes;
    }

    public CwmpCpe cpe(String serial) {
        return bySerial.get(serial);
    }

    public FleetStats stats() {
        return ctx.stats();
    }

    public int connectionRequestPort() {
        return crServer.port();
    }

    /** The ConnectionRequestURL a CPE reports. */
    public String connectionRequestUrl(String serial) {
        return "http://" + cfg.crHost + ":" + crServer.port() + "/" + serial;
    }

    @Override
    public void close() {
        if (cpes != null) {
            cpes.forEach(CwmpCpe::stop);
        }
        if (crServer != null) {
            crServer.close();
        }
        timers.shutdownNow();
        virtual.shutdownNow();
    }

    /** Fleet settings; every one has a default except the ACS URL. */
    public static final class Builder {
        private String acsUrl;
        private int count = 1;
        private int startIndex = 1;
        private String prefix = "SIM";
        private String serial;
        private String oui = "00256D";
        private String productClass = "CoralGate";
        private DataModel model;
        private long periodicInterval = 300;
        private int rampPerSecond;
        private String acsUsername;
        private String acsPassword;
        private String crUsername = "${serial}";
        private String crPassword = "coral";
        private String crHost = "127.0.0.1";
        private String crBindHost;
        private int crPort;
        private CwmpNamespace namespace = CwmpNamespace.CWMP_1_0;
        private Duration httpTimeout = Duration.ofSeconds(30);
        private Duration rebootDelay = Duration.ofMillis(100);
        private boolean periodicJitter = true;
        private int maxConcurrentSessions = 128;
        private FleetStats stats;

        public Builder acsUrl(String v) { acsUrl = v; return this; }
        public Builder count(int v) { count = v; return this; }
        public Builder startIndex(int v) { startIndex = v; return this; }
        /** Serial numbers are prefix + six-digit index: SIM000001, SIM000002, … */
        public Builder prefix(String v) { prefix = v; return this; }
        /** A single CPE with exactly this serial number (count must be 1). */
        public Builder serial(String v) { serial = v; return this; }
        public Builder oui(String v) { oui = v; return this; }
        public Builder productClass(String v) { productClass = v; return this; }
        public Builder model(DataModel v) { model = v; return this; }
        /** "tr098", "tr181" or a data-model file. */
        public Builder model(String v) { model = DataModel.load(v); return this; }
        public Builder periodicInterval(long seconds) { periodicInterval = seconds; return this; }
        public Builder rampPerSecond(int v) { rampPerSecond = v; return this; }
        /** Credentials towards the ACS; both may use ${serial}. */
        public Builder acsCredentials(String user, String pass) { acsUsername = user; acsPassword = pass; return this; }
        /** Credentials the ACS must use for connection requests (default ${serial} / coral). */
        public Builder connectionRequestCredentials(String user, String pass) { crUsername = user; crPassword = pass; return this; }
        /** The host written into ConnectionRequestURL (default 127.0.0.1). */
        public Builder connectionRequestHost(String v) { crHost = v; return this; }
        /** Where the listener binds (default: the connection-request host). */
        public Builder connectionRequestBindHost(String v) { crBindHost = v; return this; }
        /** The listener's port; 0 picks a free one. */
        public Builder connectionRequestPort(int v) { crPort = v; return this; }
        public Builder namespace(CwmpNamespace v) { namespace = v; return this; }
        public Builder httpTimeout(Duration v) { httpTimeout = v; return this; }
        public Builder rebootDelay(Duration v) { rebootDelay = v; return this; }
        /** Spread first periodic informs over the interval (default true); false: exactly one interval after start. */
        public Builder periodicJitter(boolean v) { periodicJitter = v; return this; }
        public Builder stats(FleetStats v) { stats = v; return this; }
        /** At most this many sessions open at once (default 128); the others wait their turn. */
        public Builder maxConcurrentSessions(int v) { maxConcurrentSessions = v; return this; }

        public CwmpFleet build() {
            Objects.requireNonNull(acsUrl, "acsUrl");
            URI u = URI.create(acsUrl);
            if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())) {
                throw new IllegalArgumentException("the ACS URL must be http:// or https://, not " + acsUrl);
            }
            if (count < 1) {
                throw new IllegalArgumentException("count must be at least 1");
            }
            if (serial != null && count != 1) {
                throw new IllegalArgumentException("a serial number names one device: count must be 1");
            }
            if (model == null) {
                model = DataModel.load("tr098");
            }
            if (maxConcurrentSessions < 1) {
                throw new IllegalArgumentException("maxConcurrentSessions must be at least 1");
            }
            if (crBindHost == null) {
                crBindHost = crHost;
            }
            if (stats == null) {
                stats = new FleetStats();
            }
            return new CwmpFleet(this);
        }
    }
}
