package io.coral.bus;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The in-memory event stream of {@link LocalBus}: sequence-numbered, bounded by count and age like a
 * JetStream stream with the limits retention policy (the oldest events go first, acked or not).
 */
final class LocalEventLog {

    record Stored(long seq, String subject, byte[] data, Instant time) {}

    private final ConcurrentSkipListMap<Long, Stored> events = new ConcurrentSkipListMap<>();
    private final int maxEvents;
    private final Duration maxAge;
    private final Clock clock;
    private long lastSeq;
    private int count;

    LocalEventLog(int maxEvents, Duration maxAge, Clock clock) {
        this.maxEvents = maxEvents;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    synchronized Stored append(String subject, byte[] data) {
        Stored s = new Stored(++lastSeq, subject, data, clock.instant());
        events.put(s.seq(), s);
        count++;
        while (count > maxEvents) {
            removeFirst();
        }
        trimAge();
        return s;
    }

    synchronized void trimAge() {
        Instant oldest = clock.instant().minus(maxAge);
        for (Map.Entry<Long, Stored> first = events.firstEntry();
                first != null && first.getValue().time().isBefore(oldest);
                first = events.firstEntry()) {
            removeFirst();
        }
    }

    private void removeFirst() {
        if (events.pollFirstEntry() != null) {
            count--;
        }
    }

    /** The first stored event with a sequence number at or after {@code seq}, or null. */
    Stored next(long seq) {
        Map.Entry<Long, Stored> e = events.ceilingEntry(seq);
        return e == null ? null : e.getValue();
    }

    Stored get(long seq) {
        return events.get(seq);
    }

    /** The sequence number a consumer created now starts from (the whole retained history). */
    synchronized long firstSeq() {
        Map.Entry<Long, Stored> first = events.firstEntry();
        return first == null ? lastSeq + 1 : first.getKey();
    }

    synchronized int size() {
        return count;
    }
}
