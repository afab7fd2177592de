package io.coral.controller;

import com.fasterxml.jackson.core.type.TypeReference;
import io.coral.bus.Bus;
import io.coral.bus.Json;
import io.coral.bus.event.DeviceNewEvent;
import io.coral.bus.event.DeviceStatusEvent;
import io.coral.controller.agent.AgentRegistry;
import io.coral.controller.agent.AgentSession;
import io.coral.controller.agent.AgentState;
import io.coral.store.Device;
import io.coral.store.DeviceStatus;
import io.coral.store.Parameter;
import io.coral.store.Store;
import io.coral.usp.UspRequests;
import io.coral.usp.UspSubscriptions;
import io.coral.usp.proto.UspMsg14.GetResp;
import io.coral.usp.proto.UspMsg14.Msg;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What follows from an agent's presence: registry transitions are mirrored to the store (status,
 * reply topic) and announced on the bus (device.new, device.status); new or rebooted agents have their
 * DeviceInfo read; a Boot! subscription is created for agents lacking one when configured.
 */
final class AgentLifecycle {
    private static final Logger log = LoggerFactory.getLogger(AgentLifecycle.class);
    private static final String PROTOCOL = "usp";
    private static final String DATA_MODEL = "TR-181";
    static final String INFO = "Device.DeviceInfo.";
    private static final List<String> INFO_PARAMS = List.of(INFO + "Manufacturer", INFO + "ModelName",
            INFO + "SoftwareVersion", INFO + "ProductClass", INFO + "ManufacturerOUI", INFO + "SerialNumber",
            INFO + "HardwareVersion");

    private final ControllerConfig config;
    private final AgentRegistry registry;
    private final Store store;
    private final Bus bus;
    private final ExecutorService executor;
    private final Clock clock;
    private final Map<String, Instant> touches = new ConcurrentHashMap<>();
    private final Set<String> bootSubscribed = ConcurrentHashMap.newKeySet();
    private volatile Outbound outbound;

    AgentLifecycle(ControllerConfig config, AgentRegistry registry, Store store, Bus bus, ExecutorService executor, Clock clock) {
        this.config = config;
        this.registry = registry;
        this.store = store;
        this.bus = bus;
        this.executor = executor;
        this.clock = clock;
    }

    void outbound(Outbound outbound) {
        this.outbound = outbound;
    }

    /** MQTTConnectRecord: the agent is online and listens on {@code topic}. */
    void onConnect(String eid, String topic, String mqttVersion, String recordVersion) {
        Instant now = clock.instant();
        AgentRegistry.Step step = registry.apply(eid, s -> s.connected(topic, mqttVersion, recordVersion, now));
        executor.execute(() -> persistOnline(step, "connect", true));
    }

    /** Any other record from the agent: cheap unless its state or topic changes. */
    void onSeen(String eid, String replyTo, String mqttVersion, String recordVersion) {
        Instant now = clock.instant();
        AgentRegistry.Step step = registry.apply(eid, s -> s.seen(replyTo, mqttVersion, recordVersion, now));
        touches.put(eid, now);
        if (step.cameOnline() || step.topicChanged()) {
            executor.execute(() -> persistOnline(step, "message", false));
        }
    }

    /** DisconnectRecord (R-MTP.7) or a failed liveness probe. */
    void onOffline(String eid, String reason) {
        AgentRegistry.Step step = registry.apply(eid, AgentSession::offline);
        if (step.before() == null || step.wentOffline()) {
            executor.execute(() -> persistStatus(eid, DeviceStatus.OFFLINE, reason));
        }
        bootSubscribed.remove(eid);
    }

    /** Boot! event: refresh identity (firmware may have changed); ParameterMap values go to the store too. */
    void onBoot(String eid, Map<String, String> params) {
        Map<String, String> values = new HashMap<>();
        String map = params.get("ParameterMap");
        if (map != null && !map.isBlank()) {
            try {
                values.putAll(Json.MAPPER.readValue(map, new TypeReference<Map<String, String>>() { }));
            } catch (Exception e) {
                log.debug("Boot! ParameterMap of {} is not a JSON object of strings: {}", eid, e.getMessage());
            }
        }
        executor.execute(() -> {
            if (!values.isEmpty()) {
                saveParameters(eid, values);
            }
            if (values.containsKey(INFO + "Manufacturer") && values.containsKey(INFO + "ModelName")
                    && values.containsKey(INFO + "SoftwareVersion")) {
                saveIdentity(eid, values);
            } else {
                fetchInfo(eid, false);
            }
        });
    }

    private void persistOnline(AgentRegistry.Step step, String reason, boolean connectRecord) {
        AgentSession s = step.after();
        String eid = s.endpointId();
        try {
            boolean wasOnline;
            if (step.before() == null) {
                // First sight in this instance: another instance (or our previous life) may have seen it.
                wasOnline = store.devices().find(eid).map(d -> d.usp() != null && d.usp().status() == DeviceStatus.ONLINE)
                        .orElse(false);
            } else {
                wasOnline = step.before().state() == AgentState.ONLINE;
            }
            boolean created = store.devices().upsertUsp(eid, null, null, null, null, DATA_MODEL,
                    new Device.UspInfo(DeviceStatus.ONLINE, eid, s.replyTopic(), s.mqttVersion(), s.lastSeen()));
            if (created) {
                fetchInfo(eid, true);
            }
            if (!wasOnline || created) {
                publishStatus(eid, DeviceStatus.ONLINE, reason);
            }
            if (connectRecord) {
                ensureBootSubscription(eid);
            }
        } catch (RuntimeException e) {
            log.warn("could not record USP agent {} online: {}", eid, e.toString());
        }
    }

    private void persistStatus(String eid, int status, String reason) {
        try {
            if (store.devices().find(eid).isEmpty()) {
                return;
            }
            int previous = store.devices().setStatus(eid, PROTOCOL, status);
            if (previous != status) {
                publishStatus(eid, status, reason);
            }
        } catch (RuntimeException e) {
            log.warn("could not record USP agent {} status {}: {}", eid, status, e.toString());
        }
    }

    private void publishStatus(String eid, int status, String reason) {
        int overall = store.devices().find(eid).map(Device::status).orElse(status);
        bus.publishEvent(bus.subjects().deviceStatus(eid),
                        new DeviceStatusEvent(eid, PROTOCOL, status, overall, reason, clock.instant()))
                .exceptionally(e -> {
                    log.warn("device.status event for {} not published: {}", eid, e.toString());
                    return null;
                });
    }

    /** Reads DeviceInfo, stores identity and parameters; announces device.new when {@code announce}. */
    private void fetchInfo(String eid, boolean announce) {
        Outbound out = outbound;
        out.requestOwn(eid, UspRequests.get(INFO_PARAMS).build(), config.requestTimeout()).whenComplete((resp, err) -> {
            Map<String, String> values = err == null ? getValues(resp) : Map.of();
            if (err != null) {
                log.info("DeviceInfo of {} not read: {}", eid, Failures.unwrap(err).getMessage());
            }
            executor.execute(() -> {
                try {
                    if (!values.isEmpty()) {
                        saveParameters(eid, values);
                        saveIdentity(eid, values);
                    }
                    if (announce) {
                        bus.publishEvent(bus.subjects().deviceNew(eid), new DeviceNewEvent(eid, PROTOCOL,
                                        values.get(INFO + "Manufacturer"), values.get(INFO + "ModelName"),
                                        values.get(INFO + "ProductClass"), clock.instant()))
                                .exceptionally(e -> {
                                    log.warn("device.new event for {} not published: {}", eid, e.toString());
                                    return null;
                                });
                    }
                } catch (RuntimeException e) {
                    log.warn("could not store DeviceInfo of {}: {}", eid, e.toString());
                }
            });
        });
    }

    private void saveIdentity(String eid, Map<String, String> v) {
        store.devices().upsertUsp(eid, v.get(INFO + "Manufacturer"), v.get(INFO + "ModelName"),
                v.get(INFO + "SoftwareVersion"), v.get(INFO + "ProductClass"), DATA_MODEL, null);
    }

    private void saveParameters(String eid, Map<String, String> values) {
        Instant now = clock.instant();
        List<Parameter> params = new ArrayList<>();
        values.forEach((path, value) -> params.add(new Parameter(eid, path, value, null, null, now)));
        store.parameters().upsertAll(eid, params);
    }

    /** Flattens a GetResp into full path → value. */
    static Map<String, String> getValues(Msg resp) {
        Map<String, String> out = new HashMap<>();
        if (!resp.getBody().getResponse().hasGetResp()) {
            return out;
        }
        for (GetResp.RequestedPathResult r : resp.getBody().getResponse().getGetResp().getReqPathResultsList()) {
            for (GetResp.ResolvedPathResult rp : r.getResolvedPathResultsList()) {
                rp.getResultParamsMap().forEach((k, val) -> out.put(rp.getResolvedPath() + k, val));
            }
        }
        return out;
    }

    /** Creates the Boot! subscription unless the agent already has ours (by ID); once per connection. */
    private void ensureBootSubscription(String eid) {
        if (!config.bootSubscription() || !bootSubscribed.add(eid)) {
            return;
        }
        Outbound out = outbound;
        out.requestOwn(eid, UspRequests.get(UspSubscriptions.TABLE).maxDepth(2).build(), config.requestTimeout())
                .thenCompose(resp -> {
                    if (hasSubscription(resp, config.bootSubscriptionId())) {
                        return java.util.concurrent.CompletableFuture.completedFuture(resp);
                    }
                    log.info("creating Boot! subscription {} on {}", config.bootSubscriptionId(), eid);
                    return out.requestOwn(eid, UspSubscriptions.boot(config.bootSubscriptionId()), config.requestTimeout());
                })
                .whenComplete((resp, err) -> {
                    if (err != null) {
                        bootSubscribed.remove(eid);
                        log.info("Boot! subscription on {} not ensured: {}", eid, Failures.unwrap(err).getMessage());
                    } else if (resp.getBody().hasError()) {
                        bootSubscribed.remove(eid);
                        log.info("Boot! subscription on {} refused: {} {}", eid, resp.getBody().getError().getErrCode(),
                                resp.getBody().getError().getErrMsg());
                    }
                });
    }

    static boolean hasSubscription(Msg resp, String id) {
        if (!resp.getBody().getResponse().hasGetResp()) {
            return false;
        }
        for (GetResp.RequestedPathResult r : resp.getBody().getResponse().getGetResp().getReqPathResultsList()) {
            for (GetResp.ResolvedPathResult rp : r.getResolvedPathResultsList()) {
                if (id.equals(rp.getResultParamsMap().get("ID"))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Writes the last-contact times gathered since the previous flush, in one bulk write. */
    void flushTouches() {
        if (touches.isEmpty()) {
            return;
        }
        Map<String, Instant> batch = new HashMap<>();
        for (String k : List.copyOf(touches.keySet())) {
            Instant t = touches.remove(k);
            if (t != null) {
                batch.put(k, t);
            }
        }
        try {
            store.devices().touchAll(batch);
        } catch (RuntimeException e) {
            log.warn("could not write last contact of {} agents: {}", batch.size(), e.toString());
        }
    }
}
