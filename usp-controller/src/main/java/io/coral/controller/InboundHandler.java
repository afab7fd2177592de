package io.coral.controller;

import io.coral.bus.Bus;
import io.coral.controller.agent.AgentRegistry;
import io.coral.controller.agent.AgentSession;
import io.coral.controller.mqtt.InboundPublish;
import io.coral.usp.DecodedRecord;
import io.coral.usp.EndpointIds;
import io.coral.usp.MqttBinding;
import io.coral.usp.UspCodec;
import io.coral.usp.UspDecodeException;
import io.coral.usp.UspErrorCodes;
import io.coral.usp.UspMessages;
import io.coral.usp.UspResponses;
import io.coral.usp.UspResponses.PathOutcome;
import io.coral.usp.proto.UspMsg14.Header.MsgType;
import io.coral.usp.proto.UspMsg14.Msg;
import io.coral.usp.proto.UspMsg14.Register;
import io.coral.usp.proto.UspRecord14.MQTTConnectRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything that arrives on the controller topic: decode, check it is for us, then route: connect
 * and disconnect records to the lifecycle, responses to their pending request (or to the instance
 * that sent it), Notify to its handler, other requests answered. Never throws.
 */
final class InboundHandler {
    private static final Logger log = LoggerFactory.getLogger(InboundHandler.class);

    private final ControllerConfig config;
    private final AgentRegistry registry;
    private final PendingRequests pending;
    private final AgentLifecycle lifecycle;
    private final NotifyHandler notifies;
    private final Outbound outbound;
    private final Bus bus;
    private final ExecutorService executor;
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong forwarded = new AtomicLong();

    InboundHandler(ControllerConfig config, AgentRegistry registry, PendingRequests pending, AgentLifecycle lifecycle,
                   NotifyHandler notifies, Outbound outbound, Bus bus, ExecutorService executor) {
        this.config = config;
        this.registry = registry;
        this.pending = pending;
        this.lifecycle = lifecycle;
        this.notifies = notifies;
        this.outbound = outbound;
        this.bus = bus;
        this.executor = executor;
    }

    long received() { return received.get(); }

    long rejected() { return rejected.get(); }

    long forwarded() { return forwarded.get(); }

    void handle(InboundPublish p) {
        received.incrementAndGet();
        try {
            dispatch(p);
        } catch (RuntimeException e) {
            rejected.incrementAndGet();
            log.warn("inbound record on {} dropped: {}", p.topic(), e.toString(), e);
        }
    }

    private void dispatch(InboundPublish in) {
        InboundPublish p = in.replyTo() == null || MqttBinding.isValidTopicName(in.replyTo()) ? in
                : new InboundPublish(in.topic(), in.payload(), null, in.contentType(), in.endpointId());
        if (p != in) {
            log.debug("reply-to topic '{}' on {} ignored: not a topic one can publish to", in.replyTo(), in.topic());
        }
        if (!MqttBinding.acceptsContentType(p.contentType())) {
            reject("content type '" + p.contentType() + "' on " + p.topic());
            return;
        }
        DecodedRecord d;
        try {
            d = UspCodec.decode(p.payload());
        } catch (UspDecodeException e) {
            reject("record " + e.code() + " " + e.getMessage());
            Optional<io.coral.usp.proto.UspRecord14.Record> reply = UspCodec.errorReply(e, config.endpointId());
            String topic = p.replyTo() != null ? p.replyTo()
                    : registry.get(e.fromId() == null ? "" : e.fromId()).map(AgentSession::replyTopic).orElse(null);
            if (reply.isPresent() && topic != null) {
                outbound.sendRaw(topic, UspCodec.encode(reply.get()));
            }
            return;
        }
        String eid = d.fromId();
        if (!config.endpointId().equals(d.toId())) {
            reject("record for " + d.toId() + " from " + eid + " is not ours (R-E2E.1)");
            return;
        }
        if (!EndpointIds.isValid(eid)) {
            reject("record from invalid endpoint id '" + eid + "'");
            return;
        }
        switch (d.kind()) {
            case MQTT_CONNECT -> {
                MQTTConnectRecord c = d.record().getMqttConnect();
                String topic = !c.getSubscribedTopic().isEmpty() ? c.getSubscribedTopic() : p.replyTo();
                String version = c.getVersion() == MQTTConnectRecord.MQTTVersion.V5 ? "5" : "3.1.1";
                if (!MqttBinding.isValidTopicName(topic)) {
                    reject("MQTTConnectRecord from " + eid + " names no usable topic");
                    return;
                }
                lifecycle.onConnect(eid, topic, version, d.version());
            }
            case DISCONNECT -> {
                pending.failAgent(eid, new UspRequestException("offline", "USP agent " + eid + " disconnected: "
                        + d.record().getDisconnect().getReason()));
                lifecycle.onOffline(eid, "disconnect");
            }
            case OTHER_CONNECT -> reject("non-MQTT connect record from " + eid);
            case MSG -> onMsg(p, d, eid);
        }
    }

    private void onMsg(InboundPublish p, DecodedRecord d, String eid) {
        Msg msg = d.msg();
        String msgId = msg.getHeader().getMsgId();
        Optional<MsgType> type = UspMessages.typeOf(msg);
        if (msgId.isEmpty() || type.isEmpty()) {
            reject("Msg from " + eid + " without msg_id or body");
            return;
        }
        lifecycle.onSeen(eid, p.replyTo(), null, d.version());
        MsgType t = type.get();
        if (t == MsgType.ERROR || UspMessages.isResponse(t)) {
            if (!pending.complete(eid, msg)) {
                forward(msgId, p.payload());
            }
            return;
        }
        String replyTopic = p.replyTo() != null ? p.replyTo() : registry.get(eid).map(AgentSession::replyTopic).orElse(null);
        executor.execute(() -> onRequest(eid, d.version(), replyTopic, msg, t));
    }

    private void onRequest(String eid, String version, String replyTopic, Msg msg, MsgType t) {
        try {
            String msgId = msg.getHeader().getMsgId();
            switch (t) {
                case NOTIFY -> notifies.handle(eid, version, replyTopic, msg);
                case REGISTER -> {
                    List<PathOutcome> out = new ArrayList<>();
                    for (Register.RegistrationPath rp : msg.getBody().getRequest().getRegister().getRegPathsList()) {
                        out.add(PathOutcome.failure(rp.getPath(), UspErrorCodes.REGISTER_FAILURE,
                                "Coral is a USP Controller, not a USP Broker: nothing to register with"));
                    }
                    answer(eid, version, replyTopic, UspResponses.registerResp(msgId, out));
                }
                case DEREGISTER -> {
                    List<PathOutcome> out = new ArrayList<>();
                    for (String path : msg.getBody().getRequest().getDeregister().getPathsList()) {
                        out.add(PathOutcome.failure(path, UspErrorCodes.DEREGISTER_FAILURE, "nothing registered"));
                    }
                    answer(eid, version, replyTopic, UspResponses.deregisterResp(msgId, out));
                }
                default -> answer(eid, version, replyTopic, UspResponses.error(msgId, UspErrorCodes.MESSAGE_NOT_SUPPORTED,
                        "a USP Controller does not serve " + t));
            }
        } catch (RuntimeException e) {
            log.warn("{} from {} not handled: {}", t, eid, e.toString(), e);
        }
    }

    private void answer(String eid, String version, String topic, Msg msg) {
        if (topic == null) {
            log.warn("cannot answer {} from {}: no reply-to topic", msg.getHeader().getMsgType(), eid);
            return;
        }
        outbound.send(eid, version, topic, msg);
    }

    /** A response this instance did not ask for: maybe another instance did (shared subscription). */
    private void forward(String msgId, byte[] record) {
        forwarded.incrementAndGet();
        try {
            bus.publish(bus.subjects().uspReply(Outbound.ownerOf(msgId), msgId), record);
        } catch (RuntimeException e) {
            log.debug("response {} not forwarded: {}", msgId, e.toString());
        }
    }

    /** A response forwarded by another instance: ours or nobody's (R-MSG.9: unknown msg_id is ignored). */
    void onForwarded(byte[] record) {
        try {
            DecodedRecord d = UspCodec.decode(record);
            if (d.msg() != null && !pending.complete(d.fromId(), d.msg())) {
                log.debug("response {} from {} matches no request", d.msg().getHeader().getMsgId(), d.fromId());
            }
        } catch (UspDecodeException | RuntimeException e) {
            log.debug("forwarded record dropped: {}", e.toString());
        }
    }

    private void reject(String why) {
        rejected.incrementAndGet();
        log.debug("inbound dropped: {}", why);
    }
}
