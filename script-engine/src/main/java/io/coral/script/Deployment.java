package io.coral.script;

import io.coral.bus.SubjectPattern;
import io.coral.store.Script;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.luaj.vm2.Prototype;

/**
 * An active script this instance owns: its long-running run, or its schedule and triggers. A deployment that
 * failed (syntax error, bad cron or trigger) has no prototype, schedule or triggers and starts nothing.
 */
final class Deployment {
    final Script script;
    final Prototype proto;
    final CronSchedule cron;
    final List<SubjectPattern> triggers;
    volatile ScriptRun longRun;
    /**
     * Event-triggered runs of this script alive at once; events beyond it are dropped and counted. Handed on
     * from version to version, so the runs the previous version still has alive count too.
     */
    final Semaphore triggerSlots;
    final AtomicLong triggerDropped;
    volatile ZonedDateTime nextFire;

    Deployment(Script script, Prototype proto, CronSchedule cron, List<SubjectPattern> triggers, Deployment previous, int maxTriggerRuns) {
        this.script = script;
        this.proto = proto;
        this.cron = cron;
        this.triggers = triggers;
        this.triggerSlots = previous != null ? previous.triggerSlots : new Semaphore(Math.max(1, maxTriggerRuns));
        this.triggerDropped = previous != null ? previous.triggerDropped : new AtomicLong();
    }

    boolean failed() {
        return proto == null;
    }

    boolean longRunning() {
        return !failed() && cron == null && triggers.isEmpty();
    }

    /** The same cron expression in the same zone: the next fire carries over to a new version. */
    boolean sameSchedule(Script s) {
        return Objects.equals(s.schedule(), script.schedule()) && Objects.equals(s.timezone(), script.timezone());
    }

    /** Same code and same configuration: nothing to restart. */
    boolean sameAs(Script s) {
        return s.version() == script.version()
                && Objects.equals(s.content(), script.content())
                && Objects.equals(s.schedule(), script.schedule())
                && Objects.equals(s.timezone(), script.timezone())
                && Objects.equals(s.triggers(), script.triggers())
                && Objects.equals(s.globals(), script.globals());
    }
}
