package io.coral.acs.status;

import io.coral.store.DeviceRepository;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Collects last-contact times and writes them in one bulk {@code touchAll} per flush instead of one write per Inform. */
public final class ContactCoalescer {

    private static final Logger LOG = LoggerFactory.getLogger(ContactCoalescer.class);

    private final DeviceRepository devices;
    private final ConcurrentHashMap<String, Instant> pending = new ConcurrentHashMap<>();

    public ContactCoalescer(DeviceRepository devices) {
        this.devices = devices;
    }

    public void touch(String sn, Instant when) {
        pending.merge(sn, when, (a, b) -> a.isAfter(b) ? a : b);
    }

    /** Writes what was collected; on failure the times are kept for the next flush. */
    public void flush() {
        if (pending.isEmpty()) {
            return;
        }
        Map<String, Instant> batch = new HashMap<>();
        for (String sn : pending.keySet()) {
            Instant t = pending.remove(sn);
            if (t != null) {
                batch.put(sn, t);
            }
        }
        try {
            devices.touchAll(batch);
        } catch (RuntimeException e) {
            LOG.warn("writing {} last-contact times failed, keeping them for the next flush: {}", batch.size(),
                    e.toString());
            batch.forEach(this::touch);
        }
    }

    public int pendingCount() {
        return pending.size();
    }
}
