package io.coral.bench;

import io.coral.script.Limits;
import io.coral.script.sandbox.RunGuard;
import io.coral.script.sandbox.Sandbox;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.DebugLib;

/**
 * The sandbox guard's cost on CPU-bound Lua: each workload runs in the same sandboxed globals with the guard
 * installed (the engine's configuration, budgets set high enough not to trip) and without it (LuaJ's
 * interpreter alone, {@code globals.debuglib = null}). Times are the thread's CPU time (the machine is shared:
 * wall time would count other processes' turns); rounds alternate unguarded/guarded so what noise is left hits
 * both. Printed: the ratio of the medians, of the best rounds (interference only ever adds time), and the
 * median and lower quartile of the per-round ratios (each guarded run against the unguarded run just before it). With {@code empty-hook} the guarded side is instead a debug hook that does
 * nothing: the floor any LuaJ hook pays (run it in its own JVM: a second hook class at LuaJ's call sites would
 * slow the real guard down too).
 * Run: {@code java -cp ... io.coral.bench.ScriptGuardBench [rounds=7] [guard|empty-hook]}
 */
public final class ScriptGuardBench {

    private static boolean emptyHook;

    /** A hook that does nothing: what LuaJ's per-instruction hook call costs by itself. */
    private static final class EmptyHook extends DebugLib {
        @Override
        public void onCall(LuaFunction f) { }

        @Override
        public void onCall(LuaClosure c, Varargs varargs, LuaValue[] stack) { }

        @Override
        public void onInstruction(int pc, Varargs v, int top) { }

        @Override
        public void onReturn() { }
    }

    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private record Workload(String name, String lua) {}

    private static final List<Workload> WORKLOADS = List.of(
            new Workload("arithmetic loop", "local x = 0 for i = 1, 10000000 do x = x + i % 7 end return x"),
            new Workload("function calls (fib 29)",
                    "local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end return fib(29)"),
            new Workload("table writes", "local t = {} for i = 1, 3000000 do t[i % 1000 + 1] = i end return #t"),
            new Workload("string concat", "local n = 0 for i = 1, 1000000 do local s = 'k' .. i n = n + #s end return n"),
            new Workload("mixed (table of records, string keys)", """
                    local acc = 0
                    for r = 1, 150 do
                      local rows = {}
                      for i = 1, 2000 do rows[i] = {id = i, name = 'n' .. (i % 50), v = i * 3} end
                      for _, row in ipairs(rows) do if row.v % 2 == 0 then acc = acc + #row.name end end
                    end
                    return acc
                    """));

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        emptyHook = args.length > 1 && "empty-hook".equals(args[1]);
        System.out.printf("ScriptGuardBench %s, %d cores, JDK %s, %d rounds, unguarded vs %s%n", Instant.now(),
                Runtime.getRuntime().availableProcessors(), Runtime.version(), rounds,
                emptyHook ? "an empty debug hook" : "the sandbox guard");
        Limits limits = Limits.defaults().toBuilder().instructionBudget(Long.MAX_VALUE).wallTime(null)
                .maxTableEntries(Integer.MAX_VALUE).tableBudget(Integer.MAX_VALUE)
                .stringBudgetBytes(Long.MAX_VALUE).build();
        System.out.println("| workload | unguarded median | guarded median | ratio of medians | ratio of bests"
                + " | median of paired ratios | lower quartile of paired ratios |");
        double worst = 0;
        for (Workload w : WORKLOADS) {
            Prototype p = Sandbox.compile(w.lua, w.name);
            LuaValue expected = run(p, limits, false);
            if (!run(p, limits, true).raweq(expected)) {
                throw new IllegalStateException(w.name + ": guarded and unguarded results differ");
            }
            for (int i = 0; i < 2; i++) { // warm-up, both paths
                run(p, limits, false);
                run(p, limits, true);
            }
            long[] bare = new long[rounds];
            long[] guarded = new long[rounds];
            double[] paired = new double[rounds];
            for (int i = 0; i < rounds; i++) {
                bare[i] = time(p, limits, false);
                guarded[i] = time(p, limits, true);
                paired[i] = guarded[i] / (double) bare[i];
            }
            Arrays.sort(paired);
            Arrays.sort(bare);
            Arrays.sort(guarded);
            double ratio = paired[rounds / 2];
            worst = Math.max(worst, ratio);
            String row = String.format("| %s | %.0f ms | %.0f ms | %.2f× | %.2f× | %.2f× | %.2f× |", w.name,
                    bare[rounds / 2] / 1e6, guarded[rounds / 2] / 1e6, guarded[rounds / 2] / (double) bare[rounds / 2],
                    guarded[0] / (double) bare[0], ratio, paired[rounds / 4]);
            System.out.println(row);
        }
        System.out.printf("worst median of paired ratios %.2f×%n", worst);
    }

    private static long time(Prototype p, Limits limits, boolean guarded) {
        long t0 = CPU.getCurrentThreadCpuTime();
        run(p, limits, guarded);
        return CPU.getCurrentThreadCpuTime() - t0;
    }

    private static LuaValue run(Prototype p, Limits limits, boolean guarded) {
        RunGuard guard = new RunGuard(limits);
        Globals g = Sandbox.newGlobals(guard, (level, text) -> { }, name -> null);
        if (!guarded) {
            g.debuglib = null;
        } else if (emptyHook) {
            g.debuglib = new EmptyHook();
        }
        RunGuard.bind(guard);
        try {
            return new LuaClosure(p, g).call();
        } finally {
            RunGuard.bind(null);
        }
    }
}
