package io.coral.script;

import io.coral.bus.SubjectPattern;
import io.coral.store.Script;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Objects;

/** An active script this instance owns: its long-running run, or its schedule and triggers. */
final class Deployment {
    final Script script;
    final CronSchedule cron;
    final List<SubjectPattern> triggers;
    volatile ScriptRun longRun;
    /** Event-triggered runs of this script alive at once; events beyond it are dropped and counted. */
    final java.util.concurrent.Semaphore triggerSlots;
    final java.util.concurrent.atomic.AtomicLong triggerDropped = new java.util.concurrent.atomic.AtomicLong();
    volatile ZonedDateTime nextFire;

    Deployment(Script script, CronSchedule cron, List<SubjectPattern> triggers, int maxTriggerRuns) {
        this.script = script;
        this.triggerSlots = new java.util.concurrent.Semaphore(Math.max(1, maxTriggerRuns));
        this.cron = cron;
        this.triggers = triggers;
    }

    boolean longRunning() {
        return cron == null && triggers.isEmpty();
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
