package io.coral.bench;

import io.coral.bus.LocalBus;
import io.coral.bus.Subjects;
import io.coral.bus.command.CwmpRpcReply;
import io.coral.bus.event.EventCode;
import io.coral.bus.event.InformEvent;
import io.coral.script.Limits;
import io.coral.script.ScriptEngine;
import io.coral.script.sandbox.RunGuard;
import io.coral.script.sandbox.Sandbox;
import io.coral.store.Script;
import io.coral.store.embedded.EmbeddedMongo;
import io.coral.store.mongo.MongoStore;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.BaseLib;

/**
 * Script engine figures, side by side where there is a ceiling to compare with:
 * <ol>
 *   <li>short run cost without the store: bare LuaJ globals vs a sandboxed, guarded run (same prototype);</li>
 *   <li>short runs per second through the engine (run record and log in the embedded store);</li>
 *   <li>event → callback latency p50/p99 (Inform published on LocalBus → callback's first bus request);</li>
 *   <li>heap for N runs blocked in listen_to_cwmp_event (default 100,000).</li>
 * </ol>
 * The guard's overhead on CPU-bound Lua is {@link ScriptGuardBench} (warmed up, many paired rounds: single cold
 * runs of a hot loop swing with the JIT's compilation order).
 * Run: {@code java -Xmx6g -cp ... io.coral.bench.ScriptBench [seconds=5] [listeners=100000] [events/s=2000] [phases=1345]}
 */
public final class ScriptBench {

    private static final String SHORT = "local x = 0 for i = 1, 100 do x = x + i end return x";

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int listeners = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int eventRate = args.length > 2 ? Integer.parseInt(args[2]) : 2_000;
        String phases = args.length > 3 ? args[3] : "1345";
        System.out.printf("ScriptBench %s, %d cores, JDK %s%n", Instant.now(), Runtime.getRuntime().availableProcessors(),
                Runtime.version());
        if (phases.contains("1")) {
            bareVsSandboxed(seconds);
        }
        try (EmbeddedMongo mongo = EmbeddedMongo.inMemory();
                MongoStore store = MongoStore.open(mongo.uri());
                LocalBus bus = LocalBus.builder().maxEvents(1_000_000).build()) {
            ScriptEngine engine = ScriptEngine.builder().bus(bus).store(store).limits(Limits.defaults())
                    .instanceId("bench").serveApi(false).build().start();
            try {
                if (phases.contains("3")) {
                    engineRuns(engine, store, seconds);
                }
                if (phases.contains("4")) {
                    latency(engine, store, bus, seconds, eventRate);
                }
                if (phases.contains("5")) {
                    blockedListeners(engine, store, listeners);
                }
            } finally {
                engine.close();
            }
        }
    }

    // ---- 1. run cost without the store ----

    private static void bareVsSandboxed(int seconds) {
        Prototype p = Sandbox.compile(SHORT, "short");
        long bare = 0;
        long guarded = 0;
        long end = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        while (System.nanoTime() < end) { // warm-up both paths
            bareRun(p);
            guardedRun(p);
        }
        for (int round = 0; round < 3; round++) {
            bare += count(seconds / 3.0, () -> bareRun(p));
            guarded += count(seconds / 3.0, () -> guardedRun(p));
        }
        double bareRate = bare / (double) seconds;
        double guardedRate = guarded / (double) seconds;
        System.out.printf("1. short run, 1 thread, no store: bare LuaJ %.0f runs/s, sandboxed+guarded %.0f runs/s (%.2f of bare)%n",
                bareRate, guardedRate, guardedRate / bareRate);
    }

    private static long count(double seconds, Runnable r) {
        long n = 0;
        long end = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < end) {
            r.run();
            n++;
        }
        return n;
    }

    private static void bareRun(Prototype p) {
        Globals g = new Globals();
        g.load(new BaseLib());
        g.compiler = LuaC.instance;
        new LuaClosure(p, g).call();
    }

    private static void guardedRun(Prototype p) {
        RunGuard guard = new RunGuard(Limits.defaults());
        Globals g = Sandbox.newGlobals(guard, (level, text) -> { }, name -> null);
        RunGuard.bind(guard);
        try {
            new LuaClosure(p, g).call();
        } finally {
            RunGuard.bind(null);
        }
    }

    // ---- 3. engine runs with records ----

    private static void engineRuns(ScriptEngine engine, MongoStore store, int seconds) throws Exception {
        save(store, "bench-short", SHORT);
        Semaphore inFlight = new Semaphore(64);
        AtomicLong done = new AtomicLong();
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        long t0 = System.nanoTime();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            while (System.nanoTime() < end) {
                inFlight.acquire();
                pool.submit(() -> {
                    try {
                        String id = engine.run("bench-short", null);
                        engine.awaitRun(id, Duration.ofSeconds(30));
                        done.incrementAndGet();
                    } finally {
                        inFlight.release();
                    }
                    return null;
                });
            }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        double engineRate = done.get() / secs;
        // the store's part alone, same concurrency: the writes a run cannot avoid (start, finish) and the read awaitRun does
        AtomicLong storeOnly = new AtomicLong();
        long end2 = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        long t1 = System.nanoTime();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            while (System.nanoTime() < end2) {
                inFlight.acquire();
                pool.submit(() -> {
                    try {
                        var r = store.runs().start("bench-short", 1, "manual", Instant.now(), "bench");
                        store.scripts().find("bench-short");
                        store.runs().finish(r.id(), Instant.now(), "ok", null, null);
                        store.runs().find(r.id());
                        storeOnly.incrementAndGet();
                    } finally {
                        inFlight.release();
                    }
                    return null;
                });
            }
        }
        double storeRate = storeOnly.get() / ((System.nanoTime() - t1) / 1e9);
        System.out.printf("3. engine short runs, 64 in flight: %.0f runs/s; the same store operations alone: %.0f/s (%.2f of the store ceiling)%n",
                engineRate, storeRate, engineRate / storeRate);
    }

    // ---- 4. event -> callback latency ----

    private static void latency(ScriptEngine engine, MongoStore store, LocalBus bus, int seconds, int rate) throws Exception {
        ConcurrentHashMap<String, Long> published = new ConcurrentHashMap<>();
        List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        var sub = bus.subscribe(bus.subjects().cwmpRpcAll(), "acs", m -> {
            long now = System.nanoTime();
            Long t = published.remove(Subjects.lastToken(m.subject()));
            if (t != null) {
                latencies.add(now - t);
            }
            bus.reply(m, new CwmpRpcReply("t", null, null));
        });
        save(store, "bench-callback", """
                listen_to_cwmp_event('2', nil, function(e)
                  send_cwmp_rpc(e.serial_number, 'GetRPCMethods', {}, {mode = 'next_inform'})
                end, 8)
                """);
        store.scripts().setActive("bench-callback", true);
        engine.reconcile();
        long waitUntil = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (engine.listenerCount() == 0 && System.nanoTime() < waitUntil) {
            Thread.sleep(10);
        }
        // warm-up: the same path, not measured
        for (int i = 0; i < 2_000; i++) {
            String sn = "w" + i;
            bus.publishEvent(bus.subjects().cwmpInform(sn), new InformEvent(sn, "OUI", "PC", "V", "M", "1", "TR-181",
                    List.of(new EventCode("2", "2 PERIODIC", null)), Map.of(), false, Instant.now()));
            if (i % 100 == 99) {
                Thread.sleep(100);
            }
        }
        Thread.sleep(2_000);
        latencies.clear();
        long total = (long) seconds * rate;
        long intervalNanos = 1_000_000_000L / rate;
        long start = System.nanoTime();
        for (long i = 0; i < total; i++) {
            long due = start + i * intervalNanos;
            while (System.nanoTime() < due) {
                Thread.onSpinWait();
            }
            String sn = "b" + i;
            published.put(sn, System.nanoTime());
            bus.publishEvent(bus.subjects().cwmpInform(sn), new InformEvent(sn, "OUI", "PC", "V", "M", "1", "TR-181",
                    List.of(new EventCode("2", "2 PERIODIC", null)), Map.of(), false, Instant.now()));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (latencies.size() < total * 0.99 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        sub.close();
        store.scripts().setActive("bench-callback", false);
        engine.reconcile();
        long[] l;
        synchronized (latencies) {
            l = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        }
        if (l.length == 0) {
            System.out.println("4. event -> callback: no callbacks observed");
            return;
        }
        System.out.printf("4. event -> callback -> first bus request, %d events/s for %d s, parallelism 8: %d/%d observed,"
                        + " p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", rate, seconds, l.length, total,
                l[l.length / 2] / 1e6, l[(int) (l.length * 0.99)] / 1e6, l[l.length - 1] / 1e6);
    }

    // ---- 5. blocked listeners ----

    private static void blockedListeners(ScriptEngine engine, MongoStore store, int n) throws Exception {
        save(store, "bench-listen", "local e = listen_to_cwmp_event('2', 'never-' .. args.i) print(e.event)");
        long before = usedHeapAfterGc();
        int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
        int base = engine.listenerCount();
        long t0 = System.nanoTime();
        CountDownLatch started = new CountDownLatch(n);
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < n; i++) {
                int k = i;
                pool.submit(() -> {
                    engine.run("bench-listen", io.coral.bus.Json.MAPPER.createObjectNode().put("i", k));
                    started.countDown();
                });
            }
            started.await();
        }
        while (engine.listenerCount() < base + n) {
            Thread.sleep(50);
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        long after = usedHeapAfterGc();
        int threadsAfter = ManagementFactory.getThreadMXBean().getThreadCount();
        System.out.printf("5. %d runs blocked in listen_to_cwmp_event (started in %.1f s): heap +%.0f MB = %.1f KB per blocked run;"
                        + " platform threads %d -> %d%n", n, secs, (after - before) / 1048576.0,
                (after - before) / 1024.0 / n, threadsBefore, threadsAfter);
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static void save(MongoStore store, String name, String content) {
        Instant now = Instant.now();
        store.scripts().save(new Script(name, "bench", content, false, "stopped", null, null, List.of(), Map.of(),
                false, 0, now, now));
    }
}
