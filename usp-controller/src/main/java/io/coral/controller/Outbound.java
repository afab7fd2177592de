package io.coral.controller;

import io.coral.controller.agent.AgentRegistry;
import io.coral.controller.agent.AgentSession;
import io.coral.controller.agent.AgentState;
import io.coral.controller.mqtt.MqttSendException;
import io.coral.controller.mqtt.MqttTransport;
import io.coral.store.Device;
import io.coral.store.DeviceStatus;
import io.coral.store.Store;
import io.coral.usp.UspCodec;
import io.coral.usp.UspMessages;
import io.coral.usp.UspRecords;
import io.coral.usp.proto.UspMsg14.Msg;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends Msgs to agents: resolves where the agent listens (this instance's registry, else the store),
 * wraps the Msg in a NoSessionContext record and publishes it; requests are registered for
 * correlation first. Generated msg_ids name this instance so another instance can route the reply.
 */
final class Outbound {
    private static final Logger log = LoggerFactory.getLogger(Outbound.class);
    static final String ANY_INSTANCE = "_";

    private final ControllerConfig config;
    private final AgentRegistry registry;
    private final Store store;
    private final MqttTransport mqtt;
    private final PendingRequests pending;
    private final ExecutorService executor;
    private final AtomicLong sequence = new AtomicLong();

    Outbound(ControllerConfig config, AgentRegistry registry, Store store, MqttTransport mqtt, PendingRequests pending,
             ExecutorService executor) {
        this.config = config;
        this.registry = registry;
        this.store = store;
        this.mqtt = mqtt;
        this.pending = pending;
        this.executor = executor;
    }

    String newMsgId() {
        return "coral-" + config.instanceId() + "-" + Long.toString(sequence.incrementAndGet(), 36);
    }

    /** The instance that generated {@code msgId}, or "_" when it is not one of ours. */
    static String ownerOf(String msgId) {
        if (msgId.startsWith("coral-")) {
            int end = msgId.indexOf('-', 6);
            if (end > 6) {
                return msgId.substring(6, end);
            }
        }
        return ANY_INSTANCE;
    }

    /**
     * Sends a request and completes with the agent's response or Error Msg (null for an Operate with
     * send_resp false, once sent). Fails with
     * {@link UspRequestException}: "not_found", "offline", "invalid", "timeout", "internal".
     */
    CompletableFuture<Msg> request(String id, Msg request, Duration timeout) {
        if (!request.getBody().hasRequest() || UspMessages.typeOf(request).isEmpty()) {
            return CompletableFuture.failedFuture(new UspRequestException("invalid", "the Msg body is not a request"));
        }
        Optional<AgentSession> agent;
        try {
            agent = resolve(id);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(new UspRequestException("internal", "store: " + e.getMessage()));
        }
        if (agent.isEmpty()) {
            return CompletableFuture.failedFuture(new UspRequestException("not_found", "no USP agent " + id));
        }
        AgentSession a = agent.get();
        if (!a.reachable()) {
            return CompletableFuture.failedFuture(new UspRequestException("offline", "USP agent " + a.endpointId() + " is offline"));
        }
        String msgId = request.getHeader().getMsgId().isEmpty() ? newMsgId() : request.getHeader().getMsgId();
        Msg msg = UspMessages.withMsgId(request, msgId);
        if (request.getBody().getRequest().hasOperate() && !request.getBody().getRequest().getOperate().getSendResp()) {
            // The agent SHOULD NOT answer (TR-369 Operate): done once the broker has the record; completes with null.
            byte[] record = UspCodec.encode(UspRecords.noSessionContext(a.recordVersion(), a.endpointId(), config.endpointId(), msg));
            return CompletableFuture.supplyAsync(() -> {
                try {
                    mqtt.publish(a.replyTopic(), record);
                    return null;
                } catch (MqttSendException e) {
                    throw new UspRequestException("offline", e.getMessage());
                }
            }, executor);
        }
        CompletableFuture<Msg> result = pending.register(a.endpointId(), msgId, timeout);
        if (result.isDone()) {
            return result;
        }
        byte[] record = UspCodec.encode(UspRecords.noSessionContext(a.recordVersion(), a.endpointId(), config.endpointId(), msg));
        executor.execute(() -> {
            try {
                mqtt.publish(a.replyTopic(), record);
            } catch (MqttSendException e) {
                pending.fail(a.endpointId(), msgId, new UspRequestException("offline", e.getMessage()));
            }
        });
        return result;
    }

    /** A request of the controller's own (probe, DeviceInfo, subscription): msg_id assigned here, routable. */
    CompletableFuture<Msg> requestOwn(String id, Msg request, Duration timeout) {
        return request(id, request.toBuilder().setHeader(request.getHeader().toBuilder().setMsgId("")).build(), timeout);
    }

    /** Sends a Msg that expects no answer (NotifyResp, Error, RegisterResp) to {@code topic}. */
    void send(String endpointId, String recordVersion, String topic, Msg msg) {
        byte[] record = UspCodec.encode(UspRecords.noSessionContext(recordVersion, endpointId, config.endpointId(), msg));
        try {
            mqtt.publish(topic, record);
        } catch (MqttSendException e) {
            log.warn("could not send {} to {}: {}", msg.getHeader().getMsgType(), endpointId, e.getMessage());
        }
    }

    void sendRaw(String topic, byte[] record) {
        try {
            mqtt.publish(topic, record);
        } catch (MqttSendException e) {
            log.warn("could not send a record to {}: {}", topic, e.getMessage());
        }
    }

    /** The registry's view, else the store's (then remembered): a device known to speak USP. */
    private Optional<AgentSession> resolve(String id) {
        Optional<AgentSession> known = registry.get(id);
        if (known.isPresent() && known.get().replyTopic() != null) {
            return known;
        }
        Optional<Device> device = store.devices().findByAnyId(id);
        if (device.isEmpty() || device.get().usp() == null || device.get().usp().endpointId() == null) {
            return known;
        }
        Device.UspInfo usp = device.get().usp();
        Optional<AgentSession> live = registry.get(usp.endpointId());
        if (live.isPresent() && live.get().replyTopic() != null) {
            return live;
        }
        AgentSession s = new AgentSession(usp.endpointId(),
                usp.status() == DeviceStatus.OFFLINE ? AgentState.OFFLINE : AgentState.ONLINE,
                usp.replyTopic(), usp.mqttVersion(), null, usp.lastSeen());
        registry.restore(s);
        return registry.get(usp.endpointId());
    }
}
