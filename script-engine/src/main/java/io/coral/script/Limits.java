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

    public Limits withInstructionBudget(long v) { return new Limits(v, wallTime, maxCallDepth, maxStringBytes, stringBudgetBytes, maxTableEntries, tableBudget, maxCoroutines, patternSteps, listenerQueue, maxLogLines, rpcTimeout, httpTimeout, maxHttpBodyBytes); }
    public Limits withWallTime(Duration v) { return new Limits(instructionBudget, v, maxCallDepth, maxStringBytes, stringBudgetBytes, maxTableEntries, tableBudget, maxCoroutines, patternSteps, listenerQueue, maxLogLines, rpcTimeout, httpTimeout, maxHttpBodyBytes); }
    public Limits withMaxCallDepth(int v) { return new Limits(instructionBudget, wallTime, v, maxStringBytes, stringBudgetBytes, maxTableEntries, tableBudget, maxCoroutines, patternSteps, listenerQueue, maxLogLines, rpcTimeout, httpTimeout, maxHttpBodyBytes); }
    public Limits withMaxStringBytes(int v) { return new Limits(instructionBudget, wallTime, maxCallDepth, v, stringBudgetBytes, maxTableEntries, tableBudget, maxCoroutines, patternSteps, listenerQueue, maxLogLines, rpcTimeout, httpTimeout, maxHttpBodyBytes); }
    public Limits withStringBudgetBytes(long v) { return new Limits(instructionBudget, wallTime, maxCallDepth, maxStringBytes, v, maxTableEntries, tableBudget, maxCoroutines, patternSteps, listenerQueue, maxLogLines, rpcTimeout, httpTimeout, maxHttpBodyBytes); }
    public Limits withMaxTableEntries(int v) { return new Limits(instructionBudget, wallTime, maxCallDepth, maxStringBytes, stringBudgetBytes, v, tableBudget, maxCoroutines, patternSteps, listenerQueue, maxLogLines, rpcTimeout, httpTimeout, maxHttpBodyBytes); }
    public Limits withTableBudget(int v) { return new Limits(instructionBudget, wallTime, maxCallDepth, maxStringBytes, stringBudgetBytes, maxTableEntries, v, maxCoroutines, patternSteps, listenerQueue, maxLogLines, rpcTimeout, httpTimeout, maxHttpBodyBytes); }
    public Limits withMaxCoroutines(int v) { return new Limits(instructionBudget, wallTime, maxCallDepth, maxStringBytes, stringBudgetBytes, maxTableEntries, tableBudget, v, patternSteps, listenerQueue, maxLogLines, rpcTimeout, httpTimeout, maxHttpBodyBytes); }
    public Limits withPatternSteps(long v) { return new Limits(instructionBudget, wallTime, maxCallDepth, maxStringBytes, stringBudgetBytes, maxTableEntries, tableBudget, maxCoroutines, v, listenerQueue, maxLogLines, rpcTimeout, httpTimeout, maxHttpBodyBytes); }
    public Limits withListenerQueue(int v) { return new Limits(instructionBudget, wallTime, maxCallDepth, maxStringBytes, stringBudgetBytes, maxTableEntries, tableBudget, maxCoroutines, patternSteps, v, maxLogLines, rpcTimeout, httpTimeout, maxHttpBodyBytes); }
    public Limits withMaxLogLines(int v) { return new Limits(instructionBudget, wallTime, maxCallDepth, maxStringBytes, stringBudgetBytes, maxTableEntries, tableBudget, maxCoroutines, patternSteps, listenerQueue, v, rpcTimeout, httpTimeout, maxHttpBodyBytes); }
    public Limits withRpcTimeout(Duration v) { return new Limits(instructionBudget, wallTime, maxCallDepth, maxStringBytes, stringBudgetBytes, maxTableEntries, tableBudget, maxCoroutines, patternSteps, listenerQueue, maxLogLines, v, httpTimeout, maxHttpBodyBytes); }
    public Limits withHttpTimeout(Duration v) { return new Limits(instructionBudget, wallTime, maxCallDepth, maxStringBytes, stringBudgetBytes, maxTableEntries, tableBudget, maxCoroutines, patternSteps, listenerQueue, maxLogLines, rpcTimeout, v, maxHttpBodyBytes); }
}
