package io.coral.platform.metrics;

import io.coral.bus.BusListener;
import io.coral.bus.Subjects;
import java.util.Locale;

/** Feeds every bus request made in this process (API, script engine, …) into {@code coral_bus_request_seconds}. */
public final class BusMeter implements BusListener {
    private final PlatformMetrics metrics;
    private final String prefix;

    public BusMeter(PlatformMetrics metrics, Subjects subjects) {
        this.metrics = metrics;
        this.prefix = subjects.prefix() + ".";
    }

    @Override
    public void onRequest(String subject, long nanos, Outcome outcome) {
        metrics.busRequest(kind(subject), outcome.name().toLowerCase(Locale.ROOT), nanos);
    }

    @Override
    public void onConnection(boolean connected) {
        metrics.counter("coral.bus.connection.changes", "state", connected ? "up" : "down").increment();
    }

    /** "cwmp", "usp", "scripts" … : the first token after the prefix. */
    String kind(String subject) {
        String rest = subject.startsWith(prefix) ? subject.substring(prefix.length()) : subject;
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }
}
