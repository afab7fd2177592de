package io.coral.controller;

import io.coral.bus.Bus;
import io.coral.bus.Subscription;
import io.coral.controller.agent.AgentRegistry;
import io.coral.controller.agent.AgentSession;
import io.coral.controller.mqtt.InboundPublish;
import io.coral.controller.mqtt.Mqtt3Transport;
import io.coral.controller.mqtt.Mqtt5Transport;
import io.coral.controller.mqtt.MqttSettings;
import io.coral.controller.mqtt.MqttTransport;
import io.coral.store.Device;
import io.coral.store.Store;
import io.coral.usp.EndpointIds;
import io.coral.usp.UspSubscriptions;
import io.coral.usp.proto.UspMsg14.Msg;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TR-369 controller: speaks USP to agents over an MQTT broker (MQTT 5 or 3.1.1, Paho), keeps
 * the agent registry and device status, serves {@code usp.msg.<sn>} from the bus and publishes
 * Notify, device.new and device.status events. Any number of instances may run against one broker
 * (give them a shared subscription group) and one bus.
 */
public final class UspController implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(UspController.class);

    private final ControllerConfig config;
    private final Bus bus;
    private final Store store;
    private final Clock clock;
    private final AgentRegistry registry = new AgentRegistry();
    private final PendingRequests pending = new PendingRequests();
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService timer;
    private final MqttTransport mqtt;
    private final AgentLifecycle lifecycle;
    private final Outbound outbound;
    private final InboundHandler inbound;
    private final Liveness liveness;
    private final List<Subscription> subscriptions = new ArrayList<>();
    private volatile boolean started;
    private volatile boolean closed;

    private UspController(Builder b, ControllerConfig config) {
        this.config = config;
        this.bus = b.bus;
        this.store = b.store;
        this.clock = b.clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "usp-controller-timer");
            t.setDaemon(true);
            return t;
        });
        MqttSettings settings = new MqttSettings(config.mqttUrl(), config.clientId(), config.username(), config.password(),
                config.tls(), config.endpointId(), config.subscription(), config.controllerTopic(), config.maxInflight(),
                config.keepAliveSec(), config.minReconnectDelay(), config.maxReconnectDelay());
        this.mqtt = config.mqttVersion() == MqttVersion.V5 ? new Mqtt5Transport(settings) : new Mqtt3Transport(settings);
        this.lifecycle = new AgentLifecycle(config, registry, store, bus, executor, clock);
        this.outbound = new Outbound(config, registry, store, mqtt, pending, executor);
        lifecycle.outbound(outbound);
        NotifyHandler notifies = new NotifyHandler(config, bus, store, outbound, lifecycle, clock);
        this.inbound = new InboundHandler(config, registry, pending, lifecycle, notifies, outbound, bus, executor);
        this.liveness = new Liveness(config, store, registry, outbound, lifecycle, clock);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Restores the agents the store calls online, connects to the broker (waiting up to the connect
     * wait, then retrying in the background), serves the bus, probes the restored agents, and
     * schedules liveness sweeps.
     */
    public synchronized UspController start() {
        if (started) {
            return this;
        }
        started = true;
        List<Device> restored = liveness.restore();
        BusRequests requests = new BusRequests(config, bus, outbound);
        subscriptions.add(bus.subscribe(bus.subjects().uspReplyAll(config.instanceId()), null, m -> inbound.onForwarded(m.data())));
        subscriptions.add(bus.subscribe(bus.subjects().uspReplyAll(Outbound.ANY_INSTANCE), null, m -> inbound.onForwarded(m.data())));
        mqtt.start(this::onPublish, config.connectWait());
        subscriptions.add(bus.subscribe(bus.subjects().uspMsgAll(), config.queueGroup(), requests::onMessage));
        if (config.livenessProbe() != LivenessProbe.NONE) {
            liveness.probeRestored(restored);
            long every = config.livenessInterval().toMillis();
            timer.scheduleWithFixedDelay(() -> executor.execute(liveness::sweep), every, every, TimeUnit.MILLISECONDS);
        }
        long flush = config.touchFlushInterval().toMillis();
        timer.scheduleWithFixedDelay(() -> executor.execute(lifecycle::flushTouches), flush, flush, TimeUnit.MILLISECONDS);
        log.info("USP controller {} (instance {}) on {} topic {} (MQTT {}), {} agents restored as online",
                config.endpointId(), config.instanceId(), config.mqttUrl(), config.controllerTopic(), mqtt.version(), restored.size());
        return this;
    }

    private void onPublish(InboundPublish p) {
        inbound.handle(p);
    }

    /**
     * Sends a request Msg (protobuf) to an agent; completes with its response or Error Msg, or fails with
     * {@link UspRequestException}. The Msg's msg_id is kept; an empty one is assigned by the controller.
     */
    public CompletableFuture<Msg> send(String sn, Msg request, Duration timeout) {
        return outbound.request(sn, request, timeout);
    }

    public CompletableFuture<Msg> send(String sn, Msg request) {
        return send(sn, request, config.requestTimeout());
    }

    /** Creates Device.LocalAgent.Subscription.{i} on an agent; completes with the AddResp (or Error) Msg. */
    public CompletableFuture<Msg> createSubscription(String sn, String id, UspSubscriptions.NotifType type,
                                                     String referenceList, boolean persistent, boolean notifRetry) {
        return outbound.requestOwn(sn, UspSubscriptions.add(id, type, referenceList, persistent, notifRetry), config.requestTimeout());
    }

    /** This instance's view of one agent. */
    public Optional<AgentSession> agent(String endpointId) {
        return registry.get(endpointId);
    }

    public boolean isConnected() {
        return mqtt.isConnected();
    }

    public ControllerConfig config() {
        return config;
    }

    /** Records received on the controller topic, and how many of them were dropped. */
    public long receivedRecords() {
        return inbound.received();
    }

    public long rejectedRecords() {
        return inbound.rejected();
    }

    /** Responses this instance received for requests it did not send, handed to the bus for their owner. */
    public long forwardedResponses() {
        return inbound.forwarded();
    }

    /** Test hook and fuzzing entry: handles one publish as if it came from the broker. */
    void handleInbound(InboundPublish p) {
        inbound.handle(p);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        subscriptions.forEach(s -> {
            try {
                s.close();
            } catch (RuntimeException e) {
                log.debug("unsubscribe: {}", e.toString());
            }
        });
        timer.shutdownNow();
        mqtt.close();
        pending.failAll(new UspRequestException("offline", "USP controller closed"));
        lifecycle.flushTouches();
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Builder; {@link #bus} and {@link #store} are required, everything else has a default. */
    public static final class Builder {
        private Bus bus;
        private Store store;
        private Clock clock = Clock.systemUTC();
        private String mqttUrl = "tcp://127.0.0.1:1883";
        private String username;
        private char[] password;
        private SSLSocketFactory tls;
        private String endpointId = "proto::coral";
        private String controllerTopic = "usp/controller/coral";
        private MqttVersion mqttVersion = MqttVersion.V5;
        private String sharedGroup;
        private String clientId;
        private String instanceId;
        private String queueGroup = "usp-controller";
        private Duration requestTimeout = Duration.ofSeconds(30);
        private Duration livenessInterval = Duration.ofMinutes(5);
        private LivenessProbe livenessProbe = LivenessProbe.GET_SUPPORTED_PROTOCOL;
        private boolean bootSubscription = true;
        private String bootSubscriptionId = "coral-boot";
        private int maxInflight = 1000;
        private int keepAliveSec = 60;
        private Duration connectWait = Duration.ofSeconds(10);
        private Duration minReconnectDelay = Duration.ofMillis(500);
        private Duration maxReconnectDelay = Duration.ofSeconds(30);
        private Duration touchFlushInterval = Duration.ofSeconds(5);

        public Builder bus(Bus bus) { this.bus = bus; return this; }
        public Builder store(Store store) { this.store = store; return this; }
        public Builder clock(Clock clock) { this.clock = clock; return this; }
        /** {@code tcp://host:port} or {@code ssl://host:port}. */
        public Builder mqttUrl(String url) { this.mqttUrl = url; return this; }
        public Builder username(String username) { this.username = username; return this; }
        public Builder password(String password) { this.password = password == null ? null : password.toCharArray(); return this; }
        /** TLS socket factory (trust store, client certificate); ssl:// URLs without it use the JVM default. */
        public Builder tls(SSLSocketFactory factory) { this.tls = factory; return this; }
        public Builder endpointId(String id) { this.endpointId = id; return this; }
        public Builder controllerTopic(String topic) { this.controllerTopic = topic; return this; }
        public Builder mqttVersion(MqttVersion version) { this.mqttVersion = version; return this; }
        /** Several instances with the same group share the controller topic ({@code $share/<group>/<topic>}). */
        public Builder sharedSubscriptionGroup(String group) { this.sharedGroup = group; return this; }
        public Builder clientId(String id) { this.clientId = id; return this; }
        public Builder instanceId(String id) { this.instanceId = id; return this; }
        public Builder queueGroup(String group) { this.queueGroup = group; return this; }
        public Builder requestTimeout(Duration d) { this.requestTimeout = d; return this; }
        public Builder livenessInterval(Duration d) { this.livenessInterval = d; return this; }
        public Builder livenessProbe(LivenessProbe probe) { this.livenessProbe = probe; return this; }
        /** Create a Device.Boot! subscription on agents that lack one (default on). */
        public Builder bootSubscription(boolean create) { this.bootSubscription = create; return this; }
        public Builder bootSubscriptionId(String id) { this.bootSubscriptionId = id; return this; }
        public Builder maxInflight(int n) { this.maxInflight = n; return this; }
        public Builder keepAliveSec(int sec) { this.keepAliveSec = sec; return this; }
        /** How long {@code start()} waits for the broker before going on and retrying in the background. */
        public Builder connectWait(Duration d) { this.connectWait = d; return this; }
        public Builder reconnectDelay(Duration min, Duration max) { this.minReconnectDelay = min; this.maxReconnectDelay = max; return this; }
        public Builder touchFlushInterval(Duration d) { this.touchFlushInterval = d; return this; }

        public UspController build() {
            Objects.requireNonNull(bus, "bus");
            Objects.requireNonNull(store, "store");
            EndpointIds.require(endpointId);
            if (controllerTopic == null || controllerTopic.isEmpty() || controllerTopic.contains("+") || controllerTopic.contains("#")) {
                throw new IllegalArgumentException("controller topic must be a non-wildcard topic: " + controllerTopic);
            }
            if (sharedGroup != null && !sharedGroup.matches("[^/+#]+")) {
                throw new IllegalArgumentException("invalid shared subscription group: " + sharedGroup);
            }
            if (livenessInterval == null || livenessInterval.isZero() || livenessInterval.isNegative()) {
                livenessProbe = LivenessProbe.NONE;
                livenessInterval = Duration.ofMinutes(5);
            }
            String instance = instanceId != null ? instanceId : randomInstanceId();
            if (!instance.matches("[a-z0-9]{1,64}")) {
                throw new IllegalArgumentException("instance id must be lowercase letters and digits: " + instance);
            }
            ControllerConfig c = new ControllerConfig(mqttUrl, username, password, tls, endpointId, controllerTopic, mqttVersion,
                    sharedGroup, clientId != null ? clientId : endpointId + "-" + instance, instance, queueGroup,
                    requestTimeout, livenessInterval, livenessProbe, bootSubscription, bootSubscriptionId, Math.max(1, maxInflight),
                    keepAliveSec, connectWait, minReconnectDelay, maxReconnectDelay, touchFlushInterval);
            return new UspController(this, c);
        }

        private static String randomInstanceId() {
            String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
            SecureRandom r = new SecureRandom();
            StringBuilder sb = new StringBuilder(8);
            for (int i = 0; i < 8; i++) {
                sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
            }
            return sb.toString();
        }
    }
}
