package io.coral.acs.status;

import io.coral.bus.Bus;
import io.coral.bus.event.DeviceStatusEvent;
import io.coral.store.Device;
import io.coral.store.DeviceStatus;
import io.coral.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Marks CWMP devices offline once their periodic inform interval plus the grace has passed, and keeps the task
 * queue healthy (expired tasks, tasks left SENT by a dead instance). One instance at a time does it: a store
 * lease, renewed each round.
 */
public final class StatusSweeper {

    private static final Logger LOG = LoggerFactory.getLogger(StatusSweeper.class);
    private static final String LEASE = "acs-status-sweeper";
    private static final int BATCH = 1000;

    private final Store store;
    private final Bus bus;
    private final Clock clock;
    private final String owner;
    private final Duration grace;
    private final Duration interval;
    private final Duration staleSent;
    private final Consumer<String> wentOffline;

    public StatusSweeper(Store store, Bus bus, Clock clock, String owner, Duration grace, Duration interval,
            Duration staleSent, Consumer<String> wentOffline) {
        this.store = store;
        this.bus = bus;
        this.clock = clock;
        this.owner = owner;
        this.grace = grace;
        this.interval = interval;
        this.staleSent = staleSent;
        this.wentOffline = wentOffline;
    }

    /** One round; returns how many devices went offline (0 when another instance holds the lease). */
    public int sweep() {
        if (!store.leases().tryAcquire(LEASE, owner, interval.multipliedBy(3))) {
            return 0;
        }
        Instant now = clock.instant();
        int offline = 0;
        List<Device> overdue;
        int changed;
        do {
            changed = 0;
            overdue = store.devices().findCwmpOverdue(now, grace.toSeconds(), BATCH);
            for (Device d : overdue) {
                // Only if still silent: an Inform between the query and this write keeps the device online.
                int previous = store.devices().markCwmpOfflineIfSilent(d.sn(), d.lastContact());
                if (previous < 0) {
                    continue;
                }
                changed++;
                wentOffline.accept(d.sn());
                if (previous > DeviceStatus.OFFLINE) {
                    offline++;
                    int overall = d.usp() == null ? DeviceStatus.OFFLINE : d.usp().status();
                    bus.publishEvent(bus.subjects().deviceStatus(d.sn()), new DeviceStatusEvent(d.sn(), "cwmp",
                            DeviceStatus.OFFLINE, overall, "missed periodic inform", now))
                            .exceptionally(e -> {
                                LOG.warn("publishing offline status of {} failed: {}", d.sn(), e.toString());
                                return null;
                            });
                }
            }
        } while (overdue.size() == BATCH && changed > 0);
        long expired = store.tasks().expire(now);
        long requeued = store.tasks().requeueStale(now.minus(staleSent));
        if (offline > 0 || expired > 0 || requeued > 0) {
            LOG.info("sweep: {} devices offline, {} tasks expired, {} stale tasks requeued", offline, expired, requeued);
        }
        return offline;
    }
}
