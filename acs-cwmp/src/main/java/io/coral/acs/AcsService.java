package io.coral.acs;

import io.coral.acs.inform.InformProcessor;
import io.coral.acs.session.CwmpSession;
import io.coral.acs.session.Outgoing;
import io.coral.acs.session.SessionPort;
import io.coral.acs.session.SessionRegistry;
import io.coral.acs.task.CpeRequests;
import io.coral.acs.task.TaskService;
import io.coral.cwmp.AcsResponse;
import io.coral.cwmp.CpeRequest;
import io.coral.cwmp.CwmpMessage;
import io.coral.cwmp.CwmpNamespace;
import io.coral.cwmp.EventCodes;
import io.coral.cwmp.EventStruct;
import io.coral.cwmp.Inform;
import io.coral.store.LeaseRepository;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service side of every session: Inform recording, CPE requests, tasks, and the store lease that keeps one
 * session per device across instances.
 *
 * <p>The lease is taken when the session first has a task to send and held until it ends: it guards everything
 * that changes the device. A session that only informs never writes it, which keeps periodic sessions free of
 * store round trips.
 */
final class AcsService implements SessionPort {

    private static final Logger LOG = LoggerFactory.getLogger(AcsService.class);
    private static final String CHECK_STORE = "checkStore";
    private static final String LEASE = "lease";
    /** Events after which the hint of pending tasks is enough (anything else asks the store). */
    private static final Set<String> ROUTINE = Set.of(EventCodes.PERIODIC, EventCodes.VALUE_CHANGE, EventCodes.HEARTBEAT);

    private final InformProcessor informs;
    private final TaskService tasks;
    private final CpeRequests cpeRequests;
    private final LeaseRepository leases;
    private final SessionRegistry registry;
    private final String instanceId;
    private final boolean provisionCr;

    AcsService(InformProcessor informs, TaskService tasks, CpeRequests cpeRequests, LeaseRepository leases,
            SessionRegistry registry, String instanceId, boolean provisionCr) {
        this.informs = informs;
        this.tasks = tasks;
        this.cpeRequests = cpeRequests;
        this.leases = leases;
        this.registry = registry;
        this.instanceId = instanceId;
        this.provisionCr = provisionCr;
    }

    @Override
    public void inform(CwmpSession s) {
        Inform inform = s.inform();
        boolean routine = true;
        for (EventStruct e : inform.events()) {
            if (!ROUTINE.contains(e.eventCode())) {
                routine = false;
                break;
            }
        }
        s.attributes().put(CHECK_STORE, !routine);
        InformProcessor.Recorded r = informs.record(inform, cwmpVersion(s), s.remoteIp());
        if (provisionCr && inform.hasEvent(EventCodes.BOOTSTRAP) && r.root() != null) {
            tasks.provisionConnectionRequestCredentials(s.sn(), r.root());
        }
    }

    private static String cwmpVersion(CwmpSession s) {
        if (s.cwmpVersion() != null) {
            return s.cwmpVersion();
        }
        CwmpNamespace ns = s.namespace();
        return switch (ns) {
            case CWMP_1_0 -> "1.0";
            case CWMP_1_1 -> "1.1";
            case CWMP_1_2 -> "1.2";
            case CWMP_1_3 -> "1.3";
            case CWMP_1_4 -> "1.4";
        };
    }

    private static boolean checkStore(CwmpSession s) {
        return Boolean.TRUE.equals(s.attributes().get(CHECK_STORE));
    }

    @Override
    public boolean hasTasks(CwmpSession s) {
        return tasks.hasTasks(s.sn(), checkStore(s));
    }

    @Override
    public AcsResponse cpeRequest(CwmpSession s, CpeRequest request) throws Exception {
        return cpeRequests.answer(s.sn(), request);
    }

    @Override
    public Optional<Outgoing> nextRequest(CwmpSession s) {
        if (!tasks.hasTasks(s.sn(), checkStore(s))) {
            return Optional.empty();
        }
        if (!holdLease(s)) {
            LOG.info("{} is in a session on another instance; its tasks wait", s.sn());
            return Optional.empty();
        }
        return tasks.next(s.sn(), checkStore(s));
    }

    private boolean holdLease(CwmpSession s) {
        Long since = (Long) s.attributes().get(LEASE);
        long now = System.currentTimeMillis();
        Duration ttl = s.timeout().multipliedBy(2);
        if (since != null && now - since < ttl.toMillis() / 2) {
            return true;
        }
        if (leases.tryAcquire(leaseName(s), leaseOwner(s), ttl)) {
            s.attributes().put(LEASE, now);
            return true;
        }
        return false;
    }

    private static String leaseName(CwmpSession s) {
        return "cwmp-session:" + s.sn();
    }

    private String leaseOwner(CwmpSession s) {
        return instanceId + "/" + s.id();
    }

    @Override
    public void answered(CwmpSession s, Outgoing sent, CwmpMessage answer, String raw) {
        tasks.answered(s.sn(), sent, answer, raw);
    }

    @Override
    public void abandoned(CwmpSession s, Outgoing sent, String reason) {
        tasks.abandoned(s.sn(), sent, reason);
    }

    @Override
    public void ended(CwmpSession s, String reason) {
        registry.remove(s);
        if (s.attributes().remove(LEASE) != null) {
            try {
                leases.release(leaseName(s), leaseOwner(s));
            } catch (RuntimeException e) {
                LOG.warn("releasing the session lease of {} failed (it expires by itself): {}", s.sn(), e.toString());
            }
        }
        LOG.debug("session {} of {} ended: {} ({} requests sent)", s.id(), s.sn(), reason, s.requestsSent());
        tasks.kickIfWaiting(s.sn());
    }
}
