package io.coral.script;

import java.time.Duration;

/**
 * Per-run limits. Budgets marked "between blocking calls" are reset each time the script enters a
 * blocking function (send_*, listen_*, sleep, http_request), so a listener loop can live forever while
 * one pass of its body stays bounded.
 *
 * @param instructionBudget Lua VM instructions between blocking calls
 * @param wallTime          total run time of a run that never listens (listener runs are exempt)
 * @param maxCallDepth      nested Lua calls (deep recursion would otherwise overflow the Java stack)
 * @param maxStringBytes    largest string a run may build (rep, .., format, gsub, table.concat)
 * @param stringBudgetBytes bytes of strings built by those operations between blocking calls
 * @param maxTableEntries   capacity of one table (array + hash slots)
 * @param tableBudget       tables created between blocking calls
 * @param maxCoroutines     coroutines alive at once in a run (each one is a platform thread in LuaJ)
 * @param patternSteps      matcher steps of one string.find/match/gmatch/gsub call
 * @param listenerQueue     events queued per blocking listener before the oldest are dropped (and counted)
 * @param maxLogLines       log lines kept per run (newest kept)
 * @param rpcTimeout        default wait for a device answer (send_cwmp_message, send_usp_message)
 * @param httpTimeout       http_request connect+read timeout
 * @param maxHttpBodyBytes  largest http_request response body read
 */
public record Limits(
        long instructionBudget,
        Duration wallTime,
        int maxCallDepth,
        int maxStringBytes,
        long stringBudgetBytes,
        int maxTableEntries,
        int tableBudget,
        int maxCoroutines,
        long patternSteps,
        int listenerQueue,
        int maxLogLines,
        Duration rpcTimeout,
        Duration httpTimeout,
        int maxHttpBodyBytes) {

    public static Limits defaults() {
        return new Limits(50_000_000L, Duration.ofMinutes(10), 200, 8 << 20, 256L << 20, 1_000_000, 1_000_000, 32,
                20_000_000L, 1_000, 1_000, Duration.ofSeconds(60), Duration.ofSeconds(30), 4 << 20);
    }

    /** A builder starting from these limits, to change a few. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Changes some limits of a {@link Limits}; the rest keep their values. */
    public static final class Builder {
        private long instructionBudget;
        private Duration wallTime;
        private int maxCallDepth;
        private int maxStringBytes;
        private long stringBudgetBytes;
        private int maxTableEntries;
        private int tableBudget;
        private int maxCoroutines;
        private long patternSteps;
        private int listenerQueue;
        private int maxLogLines;
        private Duration rpcTimeout;
        private Duration httpTimeout;
        private int maxHttpBodyBytes;

        private Builder(Limits l) {
            instructionBudget = l.instructionBudget;
            wallTime = l.wallTime;
            maxCallDepth = l.maxCallDepth;
            maxStringBytes = l.maxStringBytes;
            stringBudgetBytes = l.stringBudgetBytes;
            maxTableEntries = l.maxTableEntries;
            tableBudget = l.tableBudget;
            maxCoroutines = l.maxCoroutines;
            patternSteps = l.patternSteps;
            listenerQueue = l.listenerQueue;
            maxLogLines = l.maxLogLines;
            rpcTimeout = l.rpcTimeout;
            httpTimeout = l.httpTimeout;
            maxHttpBodyBytes = l.maxHttpBodyBytes;
        }

        public Builder instructionBudget(long v) { instructionBudget = v; return this; }
        public Builder wallTime(Duration v) { wallTime = v; return this; }
        public Builder maxCallDepth(int v) { maxCallDepth = v; return this; }
        public Builder maxStringBytes(int v) { maxStringBytes = v; return this; }
        public Builder stringBudgetBytes(long v) { stringBudgetBytes = v; return this; }
        public Builder maxTableEntries(int v) { maxTableEntries = v; return this; }
        public Builder tableBudget(int v) { tableBudget = v; return this; }
        public Builder maxCoroutines(int v) { maxCoroutines = v; return this; }
        public Builder patternSteps(long v) { patternSteps = v; return this; }
        public Builder listenerQueue(int v) { listenerQueue = v; return this; }
        public Builder maxLogLines(int v) { maxLogLines = v; return this; }
        public Builder rpcTimeout(Duration v) { rpcTimeout = v; return this; }
        public Builder httpTimeout(Duration v) { httpTimeout = v; return this; }
        public Builder maxHttpBodyBytes(int v) { maxHttpBodyBytes = v; return this; }

        public Limits build() {
            return new Limits(instructionBudget, wallTime, maxCallDepth, maxStringBytes, stringBudgetBytes, maxTableEntries, tableBudget,
                    maxCoroutines, patternSteps, listenerQueue, maxLogLines, rpcTimeout, httpTimeout, maxHttpBodyBytes);
        }
    }
}
