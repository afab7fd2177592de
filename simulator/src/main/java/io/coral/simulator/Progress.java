package io.coral.simulator;

import io.coral.simulator.stats.FleetStats;
import java.util.Locale;
import java.util.Map;

/** The progress line and the final summary of the CLI. */
final class Progress {
    private Progress() {
    }

    static String line(FleetStats.Snapshot now, FleetStats.Snapshot last, int total) {
        int width = 20;
        int filled = total == 0 ? width : (int) Math.min(width, (long) now.started() * width / total);
        double dt = Math.max(0.001, (now.elapsedMillis() - last.elapsedMillis()) / 1000.0);
        double rate = (now.sessions() - last.sessions()) / dt;
        String online = now.online() > 0 ? ", " + now.online() + " online" : "";
        return String.format(Locale.ROOT, "[%s%s] %d/%d up%s | %d sessions, %.0f/s | p50 %s p99 %s | errors %d   ",
                "#".repeat(filled), ".".repeat(width - filled), now.started(), total, online,
                now.sessions(), rate, ms(now.p50Micros()), ms(now.p99Micros()), now.errorCount());
    }

    static String summary(FleetStats.Snapshot s, int total) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "devices: %d/%d started, ran %.1f s%n", s.started(), total, s.elapsedMillis() / 1000.0));
        sb.append(String.format(Locale.ROOT, "sessions: %d (%.1f/s), latency p50 %s, p99 %s%n", s.sessions(),
                s.sessionsPerSecond(), ms(s.p50Micros()), ms(s.p99Micros())));
        sb.append("events: ").append(format(s.events())).append(System.lineSeparator());
        sb.append("errors: ").append(s.errors().isEmpty() ? "none" : format(s.errors()));
        return sb.toString();
    }

    private static String format(Map<String, Long> m) {
        if (m.isEmpty()) {
            return "none";
        }
        StringBuilder sb = new StringBuilder();
        m.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : ", ").append(k).append('=').append(v));
        return sb.toString();
    }

    static String ms(long micros) {
        return micros >= 10_000 ? String.format(Locale.ROOT, "%d ms", micros / 1000)
                : String.format(Locale.ROOT, "%.1f ms", micros / 1000.0);
    }
}
