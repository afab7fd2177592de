package io.coral.store;

import java.time.Instant;
import java.util.List;

/**
 * One run of a script. {@code trigger}: manual, schedule, event, start. {@code outcome}: running, ok,
 * error, killed, stopped. {@code reason} explains killed (which limit) or the error message. {@code owner}: the
 * script engine instance that executes the run (null in records written before runs had owners).
 */
public record Run(
        String id,
        String script,
        int version,
        String trigger,
        Instant started,
        Instant ended,
        String outcome,
        String reason,
        Integer errorLine,
        List<LogLine> log,
        int logDropped,
        String owner) {

    public record LogLine(Instant time, String level, String text) {}
}
