package io.coral.simulator.usp;

import io.coral.simulator.model.DataModel;
import io.coral.simulator.model.DeviceIdentity;
import io.coral.simulator.model.DeviceModel;
import io.coral.simulator.stats.FleetStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Many simulated USP agents in one process, sharing one data-model template and one executor.
 * <pre>
 * try (UspFleet fleet = UspFleet.builder().brokerUrl("tcp://127.0.0.1:1883").count(100).build()) {
 *     fleet.start();
 * }
 * </pre>
 */
public final class UspFleet implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(UspFleet.class);

    private final Builder cfg;
    private final DataModel model;
    private final FleetStats stats;
    private final VirtualThreadScheduler executor = new VirtualThreadScheduler();
    private final List<UspAgent> agents;
    private final Map<String, UspAgent> byId = new ConcurrentHashMap<>();

    private UspFleet(Builder b) {
        this.cfg = b;
        this.model = b.model;
        this.stats = b.stats;
        Map<String, String> shared = Map.of("controller_id", b.controllerId, "controller_topic", b.controllerTopic,
                "periodic_interval", "300", "acs_url", "", "acs_username", "", "cr_url", "", "cr_username", "",
                "cr_password", "");
        List<UspAgent> list = new ArrayList<>(b.count);
        for (int i = 0; i < b.count; i++) {
            int index = b.startIndex + i;
            String serial = b.serial != null ? b.serial : b.prefix + String.format("%06d", index);
            DeviceModel device = new DeviceModel(model, DeviceIdentity.of(index, serial, b.oui, b.productClass), shared);
            String eid = device.identity().endpointId();
            String topic = b.agentTopicPrefix + eid;
            Supplier<MqttLink> links = () -> {
                try {
                    return b.mqttVersion.equals("5")
                            ? new Mqtt5Link(b.brokerUrl, eid, topic, b.qos, b.username, b.password, executor)
                            : new Mqtt3Link(b.brokerUrl, eid, topic, b.qos, b.username, b.password, executor);
                } catch (Exception e) {
                    throw new IllegalStateException("cannot create MQTT client for " + eid + ": " + e.getMessage(), e);
                }
            };
            UspAgent agent = new UspAgent(device, b.controllerId, b.controllerTopic, links, executor, stats,
                    b.notifyRetryMinWait, b.asyncDelay);
            list.add(agent);
            byId.put(eid, agent);
        }
        this.agents = Collections.unmodifiableList(list);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts every agent, {@code ramp} per second, a bounded number connecting at once; returns when all have
     * been tried. Agents that fail to connect are counted as errors and retried in the background.
     */
    public void start() throws InterruptedException {
        Semaphore inFlight = new Semaphore(64);
        long intervalNanos = cfg.rampPerSecond > 0 ? 1_000_000_000L / cfg.rampPerSecond : 0;
        long next = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (UspAgent a : agents) {
            if (intervalNanos > 0) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                next += intervalNanos;
            }
            inFlight.acquire();
            threads.add(Thread.ofVirtual().name("usp-start-" + a.endpointId()).start(() -> {
                try {
                    a.startOrRetry();
                } finally {
                    inFlight.release();
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
    }

    public List<UspAgent> agents() {
        return agents;
    }

    public UspAgent agent(String endpointId) {
        return byId.get(endpointId);
    }

    public FleetStats stats() {
        return stats;
    }

    /** Every agent sends its DisconnectRecord and disconnects. */
    @Override
    public void close() {
        List<Thread> threads = new ArrayList<>();
        for (UspAgent a : agents) {
            threads.add(Thread.ofVirtual().start(a::stop));
        }
        for (Thread t : threads) {
            try {
                t.join(15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        executor.close();
    }

    /** Fleet settings; every one has a default except the broker URL. */
    public static final class Builder {
        private String brokerUrl;
        private int count = 1;
        private int startIndex = 1;
        private String prefix = "SIM";
        private String serial;
        private String oui = "00256D";
        private String productClass = "CoralGate";
        private String controllerId = "proto::coral";
        private String controllerTopic = "usp/controller/coral";
        private String agentTopicPrefix = "usp/agent/";
        private String mqttVersion = "5";
        private int qos = 1;
        private String username;
        private String password;
        private DataModel model;
        private int rampPerSecond;
        private Duration notifyRetryMinWait;
        private Duration asyncDelay = Duration.ofMillis(200);
        private FleetStats stats;

        public Builder brokerUrl(String v) { brokerUrl = v; return this; }
        public Builder count(int v) { count = v; return this; }
        public Builder startIndex(int v) { startIndex = v; return this; }
        public Builder prefix(String v) { prefix = v; return this; }
        /** A single agent with exactly this serial number (count must be 1). */
        public Builder serial(String v) { serial = v; return this; }
        public Builder oui(String v) { oui = v; return this; }
        public Builder productClass(String v) { productClass = v; return this; }
        public Builder controllerId(String v) { controllerId = v; return this; }
        public Builder controllerTopic(String v) { controllerTopic = v; return this; }
        /** Agents receive on {@code prefix + endpointId}; default {@code usp/agent/}. */
        public Builder agentTopicPrefix(String v) { agentTopicPrefix = v; return this; }
        /** "5" or "3.1.1". */
        public Builder mqttVersion(String v) { mqttVersion = v; return this; }
        public Builder qos(int v) { qos = v; return this; }
        public Builder credentials(String user, String pass) { username = user; password = pass; return this; }
        public Builder model(DataModel v) { model = v; return this; }
        /** "tr181" or a file. */
        public Builder model(String v) { model = DataModel.load(v); return this; }
        public Builder rampPerSecond(int v) { rampPerSecond = v; return this; }
        /** Overrides Controller.{i}.USPNotifRetryMinimumWaitInterval (and its multiplier becomes 2). */
        public Builder notifyRetryMinWait(Duration v) { notifyRetryMinWait = v; return this; }
        /** How long asynchronous commands take. */
        public Builder asyncDelay(Duration v) { asyncDelay = v; return this; }
        public Builder stats(FleetStats v) { stats = v; return this; }

        public UspFleet build() {
            Objects.requireNonNull(brokerUrl, "brokerUrl");
            if (count < 1) {
                throw new IllegalArgumentException("count must be at least 1");
            }
            if (serial != null && count != 1) {
                throw new IllegalArgumentException("--serial names one device: count must be 1");
            }
            if (!mqttVersion.equals("5") && !mqttVersion.equals("3.1.1")) {
                throw new IllegalArgumentException("MQTT version must be 5 or 3.1.1, not " + mqttVersion);
            }
            if (model == null) {
                model = DataModel.load("tr181");
            }
            if (!model.root().equals("Device.")) {
                throw new IllegalArgumentException("USP agents need a Device. (TR-181) data model, not " + model.root());
            }
            if (stats == null) {
                stats = new FleetStats();
            }
            return new UspFleet(this);
        }
    }
}
