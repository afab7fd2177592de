package io.coral.simulator.stats;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** Counters a fleet updates from many threads: completed sessions, their latency, errors by kind, devices up. */
public final class FleetStats {
    private final long startNanos = System.nanoTime();
    private final LongAdder sessions = new LongAdder();
    private final LatencyHistogram latency = new LatencyHistogram();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final AtomicInteger started = new AtomicInteger();
    private final AtomicInteger online = new AtomicInteger();
    private final Map<String, LongAdder> events = new ConcurrentHashMap<>();

    /** A session (CWMP) or request (USP) completed in {@code nanos}. */
    public void session(long nanos) {
        sessions.increment();
        latency.record(nanos / 1000);
    }

    public void error(String kind) {
        errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    /** Counts something that happened (an Inform event code, a message type). */
    public void event(String kind) {
        events.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    public void deviceStarted() {
        started.incrementAndGet();
    }

    public void online(boolean up) {
        if (up) {
            online.incrementAndGet();
        } else {
            online.decrementAndGet();
        }
    }

    public Snapshot snapshot() {
        Map<String, Long> e = new TreeMap<>();
        errors.forEach((k, v) -> e.put(k, v.sum()));
        Map<String, Long> ev = new TreeMap<>();
        events.forEach((k, v) -> ev.put(k, v.sum()));
        return new Snapshot((System.nanoTime() - startNanos) / 1_000_000, sessions.sum(), latency.percentile(0.5),
                latency.percentile(0.99), e, ev, started.get(), online.get());
    }

    /** A moment's view. Latencies in microseconds. */
    public record Snapshot(long elapsedMillis, long sessions, long p50Micros, long p99Micros, Map<String, Long> errors,
                           Map<String, Long> events, int started, int online) {
        public long errorCount() {
            return errors.values().stream().mapToLong(Long::longValue).sum();
        }

        public double sessionsPerSecond() {
            return elapsedMillis == 0 ? 0 : sessions * 1000.0 / elapsedMillis;
        }
    }
}
