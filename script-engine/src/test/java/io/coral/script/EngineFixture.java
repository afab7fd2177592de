package io.coral.script;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.coral.bus.Json;
import io.coral.bus.LocalBus;
import io.coral.bus.Subjects;
import io.coral.bus.Subscription;
import io.coral.bus.command.BusError;
import io.coral.bus.command.CwmpRpcReply;
import io.coral.bus.command.CwmpRpcRequest;
import io.coral.bus.command.UspMsgReply;
import io.coral.bus.command.UspMsgRequest;
import io.coral.store.Run;
import io.coral.store.Script;
import io.coral.store.Store;
import io.coral.store.embedded.EmbeddedMongo;
import io.coral.store.mongo.MongoStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/** An engine on LocalBus and an in-memory store, with short limits, plus a fake ACS and USP controller. */
final class EngineFixture implements AutoCloseable {
    static final Limits TEST_LIMITS = Limits.defaults().toBuilder()
            .instructionBudget(2_000_000)
            .wallTime(Duration.ofMillis(1500))
            .maxStringBytes(1 << 20)
            .stringBudgetBytes(8L << 20)
            .maxTableEntries(50_000)
            .tableBudget(50_000)
            .maxCoroutines(8)
            .patternSteps(2_000_000)
            .listenerQueue(100)
            .rpcTimeout(Duration.ofSeconds(2))
            .httpTimeout(Duration.ofSeconds(2))
            .build();

    private static final AtomicInteger SEQ = new AtomicInteger();

    final EmbeddedMongo mongo;
    final Store store;
    final LocalBus bus;
    ScriptEngine engine;
    final List<Subscription> subs = new CopyOnWriteArrayList<>();
    final List<CwmpRpcRequest> cwmpRequests = new CopyOnWriteArrayList<>();
    final List<String> cwmpSubjects = new CopyOnWriteArrayList<>();
    final List<UspMsgRequest> uspRequests = new CopyOnWriteArrayList<>();
    volatile BiFunction<String, CwmpRpcRequest, CwmpRpcReply> acs = (sn, r) -> new CwmpRpcReply("t1", Json.MAPPER.createObjectNode(), null);
    volatile BiFunction<String, UspMsgRequest, UspMsgReply> controller = (sn, r) -> new UspMsgReply(null, BusError.of("offline", "no agent"));

    EngineFixture() {
        this(TEST_LIMITS);
    }

    EngineFixture(Limits limits) {
        mongo = EmbeddedMongo.inMemory();
        store = MongoStore.open(mongo.uri());
        bus = new LocalBus();
        subs.add(bus.subscribe(bus.subjects().cwmpRpcAll(), "acs", m -> {
            CwmpRpcRequest r = m.decode(CwmpRpcRequest.class);
            String sn = Subjects.lastToken(m.subject());
            cwmpRequests.add(r);
            cwmpSubjects.add(sn);
            bus.reply(m, acs.apply(sn, r));
        }));
        subs.add(bus.subscribe(bus.subjects().uspMsgAll(), "controller", m -> {
            UspMsgRequest r = m.decode(UspMsgRequest.class);
            uspRequests.add(r);
            bus.reply(m, controller.apply(Subjects.lastToken(m.subject()), r));
        }));
        engine = newEngine(limits, "test-1");
        engine.start();
    }

    ScriptEngine newEngine(Limits limits, String instance) {
        return ScriptEngine.builder().bus(bus).store(store).limits(limits).instanceId(instance)
                .reconcileInterval(Duration.ofMillis(100)).logFlushInterval(Duration.ofMillis(100)).build();
    }

    /** A second engine (API off) whose http_request may reach the given hosts. */
    ScriptEngine newEngineWithHttp(String instance, java.util.Set<String> hosts) {
        ScriptEngine e = ScriptEngine.builder().bus(bus).store(store)
                .limits(TEST_LIMITS.toBuilder().httpTimeout(Duration.ofSeconds(10)).build()).instanceId(instance)
                .serveApi(false).finishDanglingOnStart(false).httpAllowedHosts(hosts)
                .reconcileInterval(Duration.ofMillis(100)).logFlushInterval(Duration.ofMillis(100)).build();
        e.start();
        return e;
    }

    static String uniqueName() {
        return "s" + SEQ.incrementAndGet();
    }

    Script save(String name, String content) {
        return save(name, content, false, null, null, List.of(), Map.of(), false);
    }

    Script save(String name, String content, boolean active, String schedule, String tz, List<String> triggers,
            Map<String, String> globals, boolean library) {
        Instant now = Instant.now();
        return store.scripts().save(new Script(name, "test", content, active, "stopped", schedule, tz, triggers, globals,
                library, 0, now, now));
    }

    /** Saves {@code lua} as a new script, runs it manually and waits for the end. */
    Run run(String lua) {
        return run(lua, null);
    }

    Run run(String lua, JsonNode args) {
        String name = uniqueName();
        save(name, lua);
        String id = engine.run(name, args);
        Run r = engine.awaitRun(id, Duration.ofSeconds(20)).orElseThrow();
        assertThat(r.outcome()).as("run %s still running", id).isNotEqualTo("running");
        return r;
    }

    /**
     * The fire seconds of a cron script claimed (lease {@code cron:<name>:<second>}, by any instance) from two
     * seconds before its first run to its last run's start: a probe cannot take a claimed lease.
     */
    List<Long> claimedFires(String name) {
        List<Run> runs = store.runs().list(name, 1000);
        long from = runs.stream().mapToLong(r -> r.started().getEpochSecond()).min().orElseThrow() - 2;
        long to = runs.stream().mapToLong(r -> r.started().getEpochSecond()).max().orElseThrow();
        List<Long> claimed = new java.util.ArrayList<>();
        for (long sec = from; sec <= to; sec++) {
            if (!store.leases().tryAcquire("cron:" + name + ":" + sec, "probe", Duration.ofMinutes(1))) {
                claimed.add(sec);
            }
        }
        return claimed;
    }

    static List<String> lines(Run r) {
        return r.log().stream().map(Run.LogLine::text).toList();
    }

    /** Runs {@code lua}; asserts it ended ok and returns its log lines. */
    List<String> ok(String lua) {
        Run r = run(lua);
        assertThat(r.outcome()).as("outcome of run (reason: %s, log: %s)", r.reason(), lines(r)).isEqualTo("ok");
        return lines(r);
    }

    @Override
    public void close() {
        subs.forEach(Subscription::close);
        if (engine != null) {
            engine.close();
        }
        bus.close();
        store.close();
        mongo.close();
    }
}
