package io.coral.controller;

import io.coral.controller.agent.AgentRegistry;
import io.coral.controller.agent.AgentSession;
import io.coral.controller.agent.AgentState;
import io.coral.store.Device;
import io.coral.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps "online" true: at start every agent the store calls online is restored and probed (the
 * controller may have missed disconnects while it was down); then, periodically, the instance that
 * holds the liveness lease probes agents silent for longer than the interval. A probe that times out
 * (or cannot be sent) marks the agent offline; any answer, even a USP Error, proves it is there.
 */
final class Liveness {
    private static final Logger log = LoggerFactory.getLogger(Liveness.class);
    private static final String LEASE = "usp-liveness";
    private static final int LIMIT = 100_000;

    private final ControllerConfig config;
    private final Store store;
    private final AgentRegistry registry;
    private final Outbound outbound;
    private final AgentLifecycle lifecycle;
    private final Clock clock;

    Liveness(ControllerConfig config, Store store, AgentRegistry registry, Outbound outbound, AgentLifecycle lifecycle, Clock clock) {
        this.config = config;
        this.store = store;
        this.registry = registry;
        this.outbound = outbound;
        this.lifecycle = lifecycle;
        this.clock = clock;
    }

    /** Loads the store's online agents into the registry (before MQTT starts). */
    List<Device> restore() {
        List<Device> online = store.devices().findOnline("usp", LIMIT);
        for (Device d : online) {
            Device.UspInfo u = d.usp();
            if (u != null && u.endpointId() != null && u.replyTopic() != null) {
                registry.restore(new AgentSession(u.endpointId(), AgentState.ONLINE, u.replyTopic(), u.mqttVersion(), null,
                        u.lastSeen()));
            }
        }
        return online;
    }

    /** Probes every restored agent now; those without a reply topic cannot be reached and go offline. */
    void probeRestored(List<Device> online) {
        for (Device d : online) {
            String eid = d.usp() != null && d.usp().endpointId() != null ? d.usp().endpointId() : d.sn();
            if (d.usp() == null || d.usp().replyTopic() == null) {
                lifecycle.onOffline(eid, "liveness");
            } else {
                probe(eid);
            }
        }
    }

    /** One periodic sweep (only the lease holder probes). */
    void sweep() {
        try {
            Duration interval = config.livenessInterval();
            if (!store.leases().tryAcquire(LEASE, config.instanceId(), interval.multipliedBy(3))) {
                return;
            }
            lifecycle.flushTouches();
            Instant cutoff = clock.instant().minus(interval);
            for (Device d : store.devices().findOnline("usp", LIMIT)) {
                Instant last = latest(d.lastContact(), registry.get(d.sn()).map(AgentSession::lastSeen).orElse(null));
                if (last == null || last.isBefore(cutoff)) {
                    probe(d.usp() != null && d.usp().endpointId() != null ? d.usp().endpointId() : d.sn());
                }
            }
        } catch (RuntimeException e) {
            log.warn("liveness sweep failed: {}", e.toString());
        }
    }

    void probe(String eid) {
        outbound.requestOwn(eid, config.livenessProbe().message(), config.requestTimeout()).whenComplete((resp, err) -> {
            if (err == null) {
                return;
            }
            UspRequestException e = Failures.asRequestException(err);
            if (e.code().equals("timeout") || e.code().equals("offline")) {
                log.info("USP agent {} failed its liveness probe: {}", eid, e.getMessage());
                lifecycle.onOffline(eid, "liveness");
            }
        });
    }

    private static Instant latest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }
}
