package io.coral.acs.inform;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this instance last wrote for each device, so an Inform that changes nothing writes nothing. Entries
 * expire after {@code ttl} (so a device deleted in the store is created again by a later Inform) and the map is
 * bounded.
 */
final class DeviceCache {

    /** The device as last written by this instance. {@code params} are the Inform ParameterList values. */
    record Entry(String oui, String productClass, String vendor, String model, String version, String dataModel,
            String crUrl, long intervalSec, String cwmpVersion, String ip, int status, Instant lastInform,
            Map<String, String> params, Instant loaded) {}

    private final ConcurrentHashMap<String, Entry> map = new ConcurrentHashMap<>();
    private final Duration ttl;
    private final int maxEntries;

    DeviceCache(Duration ttl, int maxEntries) {
        this.ttl = ttl;
        this.maxEntries = maxEntries;
    }

    Entry get(String sn, Instant now) {
        Entry e = map.get(sn);
        if (e == null || e.loaded().plus(ttl).isBefore(now)) {
            return null;
        }
        return e;
    }

    void put(String sn, Entry e) {
        if (map.size() >= maxEntries && !map.containsKey(sn)) {
            // Crude but bounded: the next Inform of each device reloads it.
            map.clear();
        }
        map.put(sn, e);
    }

    void markOffline(String sn) {
        map.computeIfPresent(sn, (k, e) -> new Entry(e.oui(), e.productClass(), e.vendor(), e.model(), e.version(),
                e.dataModel(), e.crUrl(), e.intervalSec(), e.cwmpVersion(), e.ip(), 0, e.lastInform(), e.params(),
                e.loaded()));
    }

    void invalidate(String sn) {
        map.remove(sn);
    }

    int size() {
        return map.size();
    }
}
