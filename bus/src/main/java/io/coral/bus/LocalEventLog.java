package io.coral.bus;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The in-memory event stream of {@link LocalBus}: sequence-numbered, bounded by count and age like a
 * JetStream stream with the limits retention policy (the oldest events go first, acked or not).
 *
 * <p>A ring of slots indexed by sequence number: appending writes one slot, with no map node per event, which keeps
 * a long-retained stream cheap for the garbage collector (it sits in the old generation while events stream in).
 */
final class LocalEventLog {

    record Stored(long seq, String subject, byte[] data, Instant time) {}

    private static final int INITIAL_SLOTS = 1024;

    private final int maxEvents;
    private final Duration maxAge;
    private final Clock clock;
    private Stored[] ring;
    private int head;
    private int count;
    private long firstSeq = 1;
    private long lastSeq;

    LocalEventLog(int maxEvents, Duration maxAge, Clock clock) {
        this.maxEvents = maxEvents;
        this.maxAge = maxAge;
        this.clock = clock;
        this.ring = new Stored[Math.min(maxEvents, INITIAL_SLOTS)];
    }

    synchronized Stored append(String subject, byte[] data) {
        if (count == maxEvents) {
            removeFirst();
        } else if (count == ring.length) {
            grow();
        }
        Stored s = new Stored(++lastSeq, subject, data, clock.instant());
        ring[(head + count) % ring.length] = s;
        count++;
        trimAge();
        return s;
    }

    synchronized void trimAge() {
        Instant oldest = clock.instant().minus(maxAge);
        while (count > 0 && ring[head].time().isBefore(oldest)) {
            removeFirst();
        }
    }

    private void removeFirst() {
        ring[head] = null;
        head = (head + 1) % ring.length;
        count--;
        firstSeq++;
    }

    private void grow() {
        Stored[] bigger = new Stored[(int) Math.min(maxEvents, 2L * ring.length)];
        for (int i = 0; i < count; i++) {
            bigger[i] = ring[(head + i) % ring.length];
        }
        ring = bigger;
        head = 0;
    }

    /** The first stored event with a sequence number at or after {@code seq}, or null. */
    synchronized Stored next(long seq) {
        return get(Math.max(seq, firstSeq));
    }

    synchronized Stored get(long seq) {
        if (seq < firstSeq || seq > lastSeq) {
            return null;
        }
        return ring[(int) ((head + (seq - firstSeq)) % ring.length)];
    }

    /** The sequence number a consumer created now starts from (the whole retained history). */
    synchronized long firstSeq() {
        return firstSeq;
    }

    synchronized int size() {
        return count;
    }
}
