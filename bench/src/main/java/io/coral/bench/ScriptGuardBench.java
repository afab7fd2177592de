package io.coral.bench;

import io.coral.script.Limits;
import io.coral.script.sandbox.RunGuard;
import io.coral.script.sandbox.Sandbox;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;

/**
 * The sandbox guard's cost on CPU-bound Lua: each workload runs in the same sandboxed globals with the guard
 * installed (the engine's configuration, budgets set high enough not to trip) and without it (LuaJ's
 * interpreter alone, {@code globals.debuglib = null}). Rounds alternate unguarded/guarded so machine noise
 * hits both; the ratio is of the medians.
 * Run: {@code java -cp ... io.coral.bench.ScriptGuardBench [rounds=7]}
 */
public final class ScriptGuardBench {

    private record Workload(String name, String lua) {}

    private static final List<Workload> WORKLOADS = List.of(
            new Workload("arithmetic loop", "local x = 0 for i = 1, 6000000 do x = x + i % 7 end return x"),
            new Workload("function calls (fib 27)",
                    "local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end return fib(27)"),
            new Workload("table writes", "local t = {} for i = 1, 3000000 do t[i % 1000 + 1] = i end return #t"),
            new Workload("string concat", "local n = 0 for i = 1, 600000 do local s = 'k' .. i n = n + #s end return n"),
            new Workload("mixed (table of records, string keys)", """
                    local acc = 0
                    for r = 1, 60 do
                      local rows = {}
                      for i = 1, 2000 do rows[i] = {id = i, name = 'n' .. (i % 50), v = i * 3} end
                      for _, row in ipairs(rows) do if row.v % 2 == 0 then acc = acc + #row.name end end
                    end
                    return acc
                    """));

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        System.out.printf("ScriptGuardBench %s, %d cores, JDK %s, %d rounds%n", Instant.now(),
                Runtime.getRuntime().availableProcessors(), Runtime.version(), rounds);
        Limits limits = Limits.defaults().withInstructionBudget(Long.MAX_VALUE).withWallTime(null)
                .withMaxTableEntries(Integer.MAX_VALUE).withTableBudget(Integer.MAX_VALUE)
                .withStringBudgetBytes(Long.MAX_VALUE);
        List<String> rows = new ArrayList<>();
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
            for (int i = 0; i < rounds; i++) {
                bare[i] = time(p, limits, false);
                guarded[i] = time(p, limits, true);
            }
            Arrays.sort(bare);
            Arrays.sort(guarded);
            double ratio = guarded[rounds / 2] / (double) bare[rounds / 2];
            worst = Math.max(worst, ratio);
            String row = String.format("| %s | %.0f ms | %.0f ms | %.2fx |", w.name, bare[rounds / 2] / 1e6,
                    guarded[rounds / 2] / 1e6, ratio);
            rows.add(row);
            System.out.println(row);
        }
        System.out.printf("worst ratio %.2fx%n", worst);
    }

    private static long time(Prototype p, Limits limits, boolean guarded) {
        long t0 = System.nanoTime();
        run(p, limits, guarded);
        return System.nanoTime() - t0;
    }

    private static LuaValue run(Prototype p, Limits limits, boolean guarded) {
        RunGuard guard = new RunGuard(limits);
        Globals g = Sandbox.newGlobals(guard, (level, text) -> { }, name -> null);
        if (!guarded) {
            g.debuglib = null;
        }
        RunGuard.bind(guard);
        try {
            return new LuaClosure(p, g).call();
        } finally {
            RunGuard.bind(null);
        }
    }
}
