package io.coral.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

public interface RunRepository {

    Run start(String script, int version, String trigger, Instant started);

    /** Appends lines; keeps only the newest {@code maxLines}, counting the dropped ones. */
    void appendLog(String runId, List<Run.LogLine> lines, int maxLines);

    void finish(String runId, Instant ended, String outcome, String reason, Integer errorLine);

    Optional<Run> find(String id);

    /** Newest first. */
    List<Run> list(String script, int limit);

    /** Runs still marked running (after a crash) become stopped with the given reason. */
    long finishDangling(String reason, Instant now);
}
