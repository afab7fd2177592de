package io.coral.script;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

/** A script's schedule: 5 fields (Unix cron) or 6 (seconds first, Spring style), in a time zone. */
final class CronSchedule {
    private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final CronParser SECONDS = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.SPRING));

    private final ExecutionTime time;
    private final ZoneId zone;

    private CronSchedule(ExecutionTime time, ZoneId zone) {
        this.time = time;
        this.zone = zone;
    }

    /** Throws IllegalArgumentException with a readable message on a bad expression or zone. */
    static CronSchedule parse(String expression, String timezone) {
        String expr = expression.trim();
        int fields = expr.split("\\s+").length;
        Cron cron;
        try {
            cron = switch (fields) {
                case 5 -> UNIX.parse(expr);
                case 6 -> SECONDS.parse(expr);
                default -> throw new IllegalArgumentException("cron needs 5 or 6 fields, got " + fields);
            };
            cron.validate();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid cron '" + expression + "': " + e.getMessage(), e);
        }
        ZoneId zone;
        try {
            zone = timezone == null || timezone.isBlank() ? ZoneId.of("UTC") : ZoneId.of(timezone);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("invalid time zone '" + timezone + "'", e);
        }
        return new CronSchedule(ExecutionTime.forCron(cron), zone);
    }

    /** The first fire strictly after {@code after}. */
    Optional<ZonedDateTime> nextAfter(ZonedDateTime after) {
        return time.nextExecution(after.withZoneSameInstant(zone));
    }

    ZoneId zone() {
        return zone;
    }
}
