package io.coral.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

public interface RunRepository {

    /** A new run, outcome running, executed by the engine instance {@code owner}. */
    Run start(String script, int version, String trigger, Instant started, String owner);

    /** Appends lines; keeps only the newest {@code maxLines}, counting the dropped ones. */
    void appendLog(String runId, List<Run.LogLine> lines, int maxLines);

    void finish(String runId, Instant ended, String outcome, String reason, Integer errorLine);

    Optional<Run> find(String id);

    /** Newest first. */
    List<Run> list(String script, int limit);

    /**
     * Runs of {@code owner} still marked running (it crashed, and is now starting again) become stopped with
     * the given reason. Runs of other owners, and runs without an owner, are left alone.
     */
    long finishDangling(String owner, String reason, Instant now);
}
