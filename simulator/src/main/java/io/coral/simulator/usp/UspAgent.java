package io.coral.simulator.usp;

import io.coral.simulator.model.DeviceModel;
import io.coral.simulator.model.ModelException;
import io.coral.simulator.stats.FleetStats;
import io.coral.usp.DecodedRecord;
import io.coral.usp.UspCodec;
import io.coral.usp.UspDecodeException;
import io.coral.usp.UspMessages;
import io.coral.usp.UspRecords;
import io.coral.usp.proto.UspMsg14.Body;
import io.coral.usp.proto.UspMsg14.Header;
import io.coral.usp.proto.UspMsg14.Msg;
import io.coral.usp.proto.UspMsg14.Notify;
import io.coral.usp.proto.UspMsg14.Request;
import io.coral.usp.proto.UspRecord14.MQTTConnectRecord;
import io.coral.usp.proto.UspRecord14.Record;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One simulated USP agent: its data model, its MQTT connection, the Connect/Disconnect records, Boot!, and
 * notifications retried (same msg_id) until the controller's NotifyResp.
 */
public final class UspAgent {
    private static final Logger log = LoggerFactory.getLogger(UspAgent.class);

    private final DeviceModel device;
    private final String endpointId;
    private final String controllerId;
    private final String controllerTopic;
    private final Supplier<MqttLink> links;
    private final ScheduledExecutorService executor;
    private final FleetStats stats;
    private final Duration retryMinWait;
    private final Duration asyncDelay;
    private final UspHandler handler;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final Map<String, String> replyTopics = new ConcurrentHashMap<>(2);
    private final ThreadLocal<List<Runnable>> afterReply = ThreadLocal.withInitial(ArrayList::new);
    private volatile MqttLink link;
    private volatile boolean running;
    private volatile boolean closed;
    private volatile boolean everConnected;

    private record Pending(Msg msg, String to, String topic, int attempt, ScheduledFuture<?> timer) {
    }

    UspAgent(DeviceModel device, String controllerId, String controllerTopic, Supplier<MqttLink> links,
             ScheduledExecutorService executor, FleetStats stats, Duration retryMinWait, Duration asyncDelay) {
        this.device = device;
        this.endpointId = device.identity().endpointId();
        this.controllerId = controllerId;
        this.controllerTopic = controllerTopic;
        this.links = links;
        this.executor = executor;
        this.stats = stats;
        this.retryMinWait = retryMinWait;
        this.asyncDelay = asyncDelay;
        this.handler = new UspHandler(device, new Hooks());
    }

    public String endpointId() {
        return endpointId;
    }

    public DeviceModel model() {
        return device;
    }

    public boolean connected() {
        return running && link != null;
    }

    /** Notifications sent with send_resp that no NotifyResp has acknowledged yet. */
    public int pendingNotifications() {
        return pending.size();
    }

    /** Connects, subscribes, sends the MQTTConnectRecord and, if subscribed, the Boot! event. */
    public void start() throws Exception {
        closed = false;
        start("LocalReboot", "");
    }

    /** Like {@link #start()}, but a failure is counted and retried in the background (1 s doubling to 30 s). */
    void startOrRetry() {
        try {
            start();
        } catch (Exception e) {
            stats.error("usp.connect");
            log.debug("{}: cannot connect: {}", endpointId, e.toString());
            scheduleReconnect(0);
        }
    }

    private void start(String bootCause, String commandKey) throws Exception {
        MqttLink l = links.get();
        l.connect(new Listener());
        link = l;
        running = true;
        stats.online(true);
        if (!everConnected) {
            everConnected = true;
            stats.deviceStarted();
        }
        publish(controllerTopic, UspRecords.mqttConnect(controllerId, endpointId,
                l.recordVersion() == 1 ? MQTTConnectRecord.MQTTVersion.V5 : MQTTConnectRecord.MQTTVersion.V3_1_1,
                l.subscribedTopic()));
        boot(bootCause, commandKey);
    }

    /** Sends the DisconnectRecord and leaves the broker. */
    public void stop() {
        closed = true;
        stop("agent shutting down");
    }

    private void stop(String reason) {
        MqttLink l = link;
        if (!running || l == null) {
            return;
        }
        running = false;
        try {
            publish(controllerTopic, UspRecords.disconnect(controllerId, endpointId, reason, 0));
        } catch (RuntimeException e) {
            log.debug("{}: disconnect record not sent: {}", endpointId, e.toString());
        }
        pending.values().forEach(p -> p.timer().cancel(false));
        l.disconnect();
        link = null;
        stats.online(false);
    }

    /** A change made on the device itself: reported to ValueChange subscribers. */
    public void changeLocally(String path, String value) throws ModelException {
        device.setLocal(path, value);
        handler.valueChanged(path);
    }

    private void boot(String cause, String commandKey) {
        for (Subscriptions.Sub sub : Subscriptions.enabled(device, "Event")) {
            if (Subscriptions.covers(device, sub, "Device.Boot!")) {
                Notify n = Notify.newBuilder().setSubscriptionId(sub.id()).setSendResp(sub.retry())
                        .setEvent(Notify.Event.newBuilder().setObjPath("Device.").setEventName("Boot!")
                                .putParams("CommandKey", commandKey).putParams("Cause", cause)
                                .putParams("FirmwareUpdated", Boolean.toString(cause.equals("FirmwareUpdate")))
                                .putParams("ParameterMap", "{}"))
                        .build();
                sendNotify(n, sub.recipient());
            }
        }
    }

    private void reboot(String cause, String commandKey) {
        stop("reboot");
        device.rebooted();
        stats.event("reboot");
        try {
            start(cause, commandKey);
        } catch (Exception e) {
            stats.error("usp.connect");
            log.debug("{}: reconnect after reboot failed: {}", endpointId, e.toString());
            scheduleReconnect(1);
        }
    }

    private void scheduleReconnect(int attempt) {
        if (closed) {
            return;
        }
        long delay = Math.min(30, 1L << Math.min(attempt, 5));
        executor.schedule(() -> {
            if (running || closed) {
                return;
            }
            try {
                start("LocalReboot", "");
            } catch (Exception e) {
                stats.error("usp.connect");
                scheduleReconnect(attempt + 1);
            }
        }, delay, TimeUnit.SECONDS);
    }

    private void sendNotify(Notify notify, String recipient) {
        String to = controllerId;
        String topic = controllerTopic;
        if (recipient != null && !recipient.isEmpty()) {
            String eid = device.getOr(recipient + ".EndpointID", "");
            if (!eid.isEmpty()) {
                to = eid;
                String configured = device.getOr(recipient + ".MTP.1.MQTT.Topic", "");
                topic = !configured.isEmpty() ? configured : replyTopics.getOrDefault(eid, controllerTopic);
            }
        }
        Msg msg = Msg.newBuilder().setHeader(Header.newBuilder().setMsgId(UspMessages.newMsgId())
                .setMsgType(Header.MsgType.NOTIFY)).setBody(Body.newBuilder().setRequest(Request.newBuilder()
                .setNotify(notify))).build();
        stats.event("notify." + notify.getNotificationCase().name().toLowerCase());
        send(msg, to, topic, 0);
    }

    private void send(Msg msg, String to, String topic, int attempt) {
        String id = msg.getHeader().getMsgId();
        if (!running) {
            return;
        }
        publish(topic, UspRecords.noSessionContext(to, endpointId, msg));
        if (msg.getBody().getRequest().getNotify().getSendResp()) {
            long delay = retryDelayMillis(attempt + 1, to);
            ScheduledFuture<?> timer = executor.schedule(() -> {
                if (pending.containsKey(id)) {
                    stats.event("notify.retry");
                    send(msg, to, topic, attempt + 1);
                }
            }, delay, TimeUnit.MILLISECONDS);
            pending.put(id, new Pending(msg, to, topic, attempt, timer));
        }
    }

    /** R-NOT.1-4: retry n waits between m·(k/1000)^(n-1) and m·(k/1000)^n, the exponent capped at 10. */
    private long retryDelayMillis(int n, String controller) {
        long m = retryMinWait != null ? retryMinWait.toMillis() : 5000;
        double k = 2.0;
        if (retryMinWait == null) {
            for (int i : device.instances(UspHandler.CONTROLLER_TABLE)) {
                String c = UspHandler.CONTROLLER_TABLE + i + ".";
                if (controller.equals(device.getOr(c + "EndpointID", ""))) {
                    m = 1000L * Long.parseLong(device.getOr(c + "USPNotifRetryMinimumWaitInterval", "5"));
                    k = Long.parseLong(device.getOr(c + "USPNotifRetryIntervalMultiplier", "2000")) / 1000.0;
                }
            }
        }
        int e = Math.min(n, 10);
        double lo = m * Math.pow(k, e - 1);
        double hi = m * Math.pow(k, e);
        return (long) (lo + ThreadLocalRandom.current().nextDouble() * Math.max(0, hi - lo));
    }

    private void publish(String topic, Record record) {
        MqttLink l = link;
        if (l == null) {
            return;
        }
        try {
            l.publish(topic, UspCodec.encode(record));
        } catch (Exception e) {
            stats.error("usp.publish");
            log.debug("{}: publish to {} failed: {}", endpointId, topic, e.toString());
        }
    }

    private void onMessage(String topic, byte[] payload, String replyTo) {
        long t0 = System.nanoTime();
        DecodedRecord rec;
        try {
            rec = UspCodec.decode(payload);
        } catch (UspDecodeException e) {
            stats.error("usp.decode");
            log.debug("{}: bad record on {}: {}", endpointId, topic, e.getMessage());
            UspCodec.errorReply(e, endpointId).ifPresent(r -> publish(replyTo != null ? replyTo : controllerTopic, r));
            return;
        }
        if (!endpointId.equals(rec.toId()) || rec.kind() != DecodedRecord.Kind.MSG) {
            return;
        }
        String from = rec.fromId();
        String answerTopic = replyTo != null ? replyTo : controllerTopic;
        if (replyTo != null) {
            replyTopics.put(from, replyTo);
        }
        Msg msg = rec.msg();
        if (msg.getBody().hasResponse() && msg.getBody().getResponse().hasNotifyResp()) {
            Pending p = pending.remove(msg.getHeader().getMsgId());
            if (p != null) {
                p.timer().cancel(false);
                stats.event("notify.acked");
            }
            return;
        }
        stats.event("usp." + UspMessages.typeOf(msg).map(Enum::name).orElse("UNKNOWN").toLowerCase());
        List<Runnable> after = afterReply.get();
        after.clear();
        Msg response = handler.handle(msg, from);
        if (response != null) {
            publish(answerTopic, UspRecords.noSessionContext(rec.version(), from, endpointId, response));
            if (response.getBody().hasError()) {
                stats.event("usp.error." + response.getBody().getError().getErrCode());
            }
        }
        stats.session(System.nanoTime() - t0);
        if (!after.isEmpty()) {
            List<Runnable> actions = List.copyOf(after);
            after.clear();
            executor.execute(() -> actions.forEach(Runnable::run));
        }
    }

    private final class Listener implements MqttLink.Listener {
        @Override
        public void message(String topic, byte[] payload, String replyTo) {
            try {
                onMessage(topic, payload, replyTo);
            } catch (RuntimeException e) {
                stats.error("usp.internal");
                log.warn("{}: failed to handle a message: {}", endpointId, e.toString(), e);
            }
        }

        @Override
        public void connectionLost(Throwable cause) {
            if (running) {
                running = false;
                link = null;
                stats.online(false);
                stats.error("usp.connection_lost");
                log.info("{}: connection lost: {}", endpointId, cause == null ? "-" : cause.toString());
                scheduleReconnect(0);
            }
        }
    }

    private final class Hooks implements AgentHooks {
        @Override
        public void notify(Notify notify, String recipient) {
            sendNotify(notify, recipient);
        }

        @Override
        public void afterReply(Runnable action) {
            afterReply.get().add(action);
        }

        @Override
        public void later(Runnable action) {
            executor.schedule(action, asyncDelay.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public void reboot(String cause, String commandKey) {
            UspAgent.this.reboot(cause, commandKey);
        }
    }
}
