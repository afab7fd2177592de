package io.coral.controller;

import io.coral.bus.Bus;
import io.coral.bus.event.UspNotifyEvent;
import io.coral.store.Store;
import io.coral.usp.UspJson;
import io.coral.usp.UspResponses;
import io.coral.usp.proto.UspMsg14.Msg;
import io.coral.usp.proto.UspMsg14.Notify;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notify (all six kinds): published once as {@code events.usp.notify.<sn>}, answered with NotifyResp
 * whenever {@code send_resp} asks (R-NOT.10), also for a retry with the same msg_id (R-NOT.1-4).
 * The event is stored before the NotifyResp goes out, so a lost event means a retried Notify.
 */
final class NotifyHandler {
    private static final Logger log = LoggerFactory.getLogger(NotifyHandler.class);
    private static final Duration DEDUP_LEASE = Duration.ofHours(1);

    private final ControllerConfig config;
    private final Bus bus;
    private final Store store;
    private final Outbound outbound;
    private final AgentLifecycle lifecycle;
    private final Clock clock;
    private final RecentIds recent = new RecentIds(100_000);

    NotifyHandler(ControllerConfig config, Bus bus, Store store, Outbound outbound, AgentLifecycle lifecycle, Clock clock) {
        this.config = config;
        this.bus = bus;
        this.store = store;
        this.outbound = outbound;
        this.lifecycle = lifecycle;
        this.clock = clock;
    }

    void handle(String eid, String recordVersion, String replyTopic, Msg msg) {
        Notify n = msg.getBody().getRequest().getNotify();
        String msgId = msg.getHeader().getMsgId();
        String key = eid + '\n' + msgId;
        if (recent.firstTime(key) && claimAcrossInstances(key)) {
            UspNotifyEvent event = toEvent(eid, msgId, n);
            try {
                bus.publishEvent(bus.subjects().uspNotify(eid), event).get(config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                recent.forget(key);
                log.warn("Notify {} from {} not published ({}); no NotifyResp, the agent will retry", msgId, eid, e.toString());
                return;
            }
            if (n.hasEvent() && "Boot!".equals(n.getEvent().getEventName())) {
                lifecycle.onBoot(eid, n.getEvent().getParamsMap());
            }
        } else {
            log.debug("Notify {} from {} already published", msgId, eid);
        }
        if (n.getSendResp() || n.hasOnBoardReq()) {
            if (replyTopic == null) {
                log.warn("Notify {} from {} asks for a response but gave no reply-to topic", msgId, eid);
                return;
            }
            outbound.send(eid, recordVersion, replyTopic, UspResponses.notifyResp(msgId, n.getSubscriptionId()));
        }
    }

    /** With several instances sharing the topic, a retry may land elsewhere: a store lease decides who publishes. */
    private boolean claimAcrossInstances(String key) {
        if (config.sharedGroup() == null) {
            return true;
        }
        try {
            return store.leases().tryAcquire("usp-notify:" + key, config.instanceId(), DEDUP_LEASE);
        } catch (RuntimeException e) {
            return true;
        }
    }

    UspNotifyEvent toEvent(String eid, String msgId, Notify n) {
        String type;
        String path = null;
        String eventName = null;
        Map<String, String> params = null;
        String value = null;
        switch (n.getNotificationCase()) {
            case EVENT -> {
                type = "Event";
                path = n.getEvent().getObjPath();
                eventName = n.getEvent().getEventName();
                params = n.getEvent().getParamsMap();
            }
            case VALUE_CHANGE -> {
                type = "ValueChange";
                path = n.getValueChange().getParamPath();
                value = n.getValueChange().getParamValue();
            }
            case OBJ_CREATION -> {
                type = "ObjectCreation";
                path = n.getObjCreation().getObjPath();
                params = n.getObjCreation().getUniqueKeysMap();
            }
            case OBJ_DELETION -> {
                type = "ObjectDeletion";
                path = n.getObjDeletion().getObjPath();
            }
            case OPER_COMPLETE -> {
                type = "OperationComplete";
                Notify.OperationComplete oc = n.getOperComplete();
                path = oc.getObjPath();
                eventName = oc.getCommandName();
                value = oc.getCommandKey();
                if (oc.hasCmdFailure()) {
                    params = new LinkedHashMap<>();
                    params.put("err_code", Integer.toUnsignedString(oc.getCmdFailure().getErrCode()));
                    params.put("err_msg", oc.getCmdFailure().getErrMsg());
                } else {
                    params = oc.getReqOutputArgs().getOutputArgsMap();
                }
            }
            case ON_BOARD_REQ -> {
                type = "OnBoardRequest";
                Notify.OnBoardRequest ob = n.getOnBoardReq();
                params = new LinkedHashMap<>();
                params.put("oui", ob.getOui());
                params.put("product_class", ob.getProductClass());
                params.put("serial_number", ob.getSerialNumber());
                params.put("agent_supported_protocol_versions", ob.getAgentSupportedProtocolVersions());
            }
            default -> type = "Unknown";
        }
        return new UspNotifyEvent(eid, type, n.getSubscriptionId(), msgId, path, eventName,
                params == null ? null : Map.copyOf(params), value, UspJson.toJson(n), clock.instant());
    }
}
