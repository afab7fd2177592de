package io.coral.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coral.store.Run;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Activation, hot edits without overlap, cron with a lease per fire, ownership across instances, restart. */
class LifecycleTest {
    static EngineFixture fx;

    @BeforeAll
    static void start() {
        fx = new EngineFixture();
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    private static List<Run> runs(String name) {
        return fx.store.runs().list(name, 100);
    }

    @Test
    void activeLongRunningScriptStartsAndStopsOnDeactivate() {
        String name = EngineFixture.uniqueName();
        fx.save(name, "print('up') while true do sleep(0.05) end", true, null, null, List.of(), Map.of(), false);
        await().atMost(Duration.ofSeconds(10)).until(() -> !runs(name).isEmpty()
                && "running".equals(fx.store.scripts().find(name).orElseThrow().state()));
        Run r = runs(name).get(0);
        assertThat(r.trigger()).isEqualTo("start");
        fx.store.scripts().setActive(name, false);
        await().atMost(Duration.ofSeconds(10)).until(() -> "stopped".equals(fx.store.runs().find(r.id()).orElseThrow().outcome()));
        // the run's record is written as it ends; the script's state right after, once the undeploy saw it end
        await().atMost(Duration.ofSeconds(10)).until(() -> "stopped".equals(fx.store.scripts().find(name).orElseThrow().state()));
    }

    @Test
    void editRestartsTheScriptWithoutOverlap() {
        String name = EngineFixture.uniqueName();
        fx.save(name, "print('v1') while true do sleep(0.05) end", true, null, null, List.of(), Map.of(), false);
        await().atMost(Duration.ofSeconds(10)).until(() -> runs(name).size() == 1);
        fx.save(name, "print('v2') while true do sleep(0.05) end", true, null, null, List.of(), Map.of(), false);
        await().atMost(Duration.ofSeconds(10)).until(() -> runs(name).size() == 2
                && EngineFixture.lines(runs(name).get(0)).contains("v2"));
        List<Run> rs = runs(name);
        Run newer = rs.get(0);
        Run older = rs.get(1);
        assertThat(newer.version()).isEqualTo(2);
        assertThat(older.outcome()).isEqualTo("stopped");
        assertThat(older.ended()).isBeforeOrEqualTo(newer.started());
        fx.store.scripts().setActive(name, false);
        await().atMost(Duration.ofSeconds(10)).until(() -> !"running".equals(fx.store.runs().find(newer.id()).orElseThrow().outcome()));
    }

    @Test
    void longRunningScriptThatFailsIsMarkedFailed() {
        String name = EngineFixture.uniqueName();
        fx.save(name, "error('broken')", true, null, null, List.of(), Map.of(), false);
        await().atMost(Duration.ofSeconds(10)).until(() -> "failed".equals(fx.store.scripts().find(name).orElseThrow().state()));
        assertThat(runs(name)).hasSize(1);
        fx.store.scripts().setActive(name, false);
    }

    @Test
    void cronFiresEverySecondOncePerFireAcrossTwoInstances() {
        ScriptEngine second = fx.newEngine(EngineFixture.TEST_LIMITS, "test-2");
        second.start();
        try {
            String name = EngineFixture.uniqueName();
            fx.save(name, "print('tick ' .. os.date('!%S'))", true, "* * * * * *", "Europe/Paris", List.of(), Map.of(), false);
            await().atMost(Duration.ofSeconds(10)).until(() -> runs(name).stream().filter(r -> "ok".equals(r.outcome())).count() >= 3);
            fx.store.scripts().setActive(name, false);
            fx.engine.reconcile();
            second.reconcile();
            List<Run> rs = runs(name);
            assertThat(rs).allMatch(r -> r.trigger().equals("schedule"));
            // one run per fire, by one of the two instances: each run claimed its fire's lease, and as many fires as runs
            await().atMost(Duration.ofSeconds(5)).until(() -> fx.engine.activeRuns() == 0 && second.activeRuns() == 0);
            rs = runs(name);
            assertThat(fx.claimedFires(name)).hasSize(rs.size());
        } finally {
            second.close();
        }
    }

    @Test
    void invalidCronMarksTheScriptFailed() {
        String name = EngineFixture.uniqueName();
        fx.save(name, "print(1)", true, "every minute", null, List.of(), Map.of(), false);
        await().atMost(Duration.ofSeconds(10)).until(() -> "failed".equals(fx.store.scripts().find(name).orElseThrow().state()));
        fx.store.scripts().setActive(name, false);
    }

    @Test
    void aLongRunningScriptRunsOnOneInstanceOnly() {
        ScriptEngine second = fx.newEngine(EngineFixture.TEST_LIMITS, "test-2b");
        second.start();
        try {
            String name = EngineFixture.uniqueName();
            fx.save(name, "while true do sleep(0.05) end", true, null, null, List.of(), Map.of(), false);
            await().atMost(Duration.ofSeconds(10)).until(() -> runs(name).size() >= 1);
            await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(3)).until(() -> runs(name).size() == 1);
            fx.store.scripts().setActive(name, false);
            await().atMost(Duration.ofSeconds(10)).until(() -> "stopped".equals(runs(name).get(0).outcome()));
        } finally {
            second.close();
        }
    }

    @Test
    void restartBringsActiveScriptsBackAndClosesDanglingRuns() {
        String name = EngineFixture.uniqueName();
        fx.save(name, "print('started') while true do sleep(0.05) end", true, null, null, List.of(), Map.of(), false);
        await().atMost(Duration.ofSeconds(10)).until(() -> runs(name).size() == 1);
        fx.engine.close();
        // a crashed engine would leave a run "running"; simulate one
        Run dangling = fx.store.runs().start(name, 1, "start", java.time.Instant.now(), "test-1");
        fx.engine = fx.newEngine(EngineFixture.TEST_LIMITS, "test-1");
        fx.engine.start();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(runs(name))
                .as("runs; script %s", fx.store.scripts().find(name)).hasSize(3));
        assertThat(fx.store.runs().find(dangling.id()).orElseThrow().outcome()).isEqualTo("stopped");
        assertThat(fx.store.runs().find(dangling.id()).orElseThrow().reason()).contains("engine restarted");
        fx.store.scripts().setActive(name, false);
        await().atMost(Duration.ofSeconds(10)).until(() -> "stopped".equals(runs(name).get(0).outcome()));
    }

    @Test
    void restartClosesOnlyItsOwnDanglingRunsWhenInstancesShareAStore() {
        ScriptEngine other = fx.newEngine(EngineFixture.TEST_LIMITS, "test-owner-b");
        other.start();
        try {
            String name = EngineFixture.uniqueName();
            fx.save(name, "listen_to_cwmp_event('2', 'never-sent') print('unreachable')");
            String live = other.run(name, null);
            await().atMost(Duration.ofSeconds(10)).until(() -> other.listenerCount() > 0);
            assertThat(fx.store.runs().find(live).orElseThrow().owner()).isEqualTo("test-owner-b");
            // a run "test-1" left running when it crashed
            Run dangling = fx.store.runs().start(name, 1, "manual", java.time.Instant.now(), "test-1");

            fx.engine.close();
            fx.engine = fx.newEngine(EngineFixture.TEST_LIMITS, "test-1");
            fx.engine.start();

            Run own = fx.store.runs().find(dangling.id()).orElseThrow();
            assertThat(own.outcome()).isEqualTo("stopped");
            assertThat(own.reason()).isEqualTo("engine restarted");
            Run others = fx.store.runs().find(live).orElseThrow();
            assertThat(others.outcome()).as("the other instance's live run").isEqualTo("running");
            assertThat(other.activeRuns()).isEqualTo(1);
            assertThat(other.stopRun(live, "test over")).isTrue();
            assertThat(other.awaitRun(live, Duration.ofSeconds(10)).orElseThrow().reason()).isEqualTo("test over");
        } finally {
            other.close();
        }
    }

    @Test
    void stopRunEndsAManualRun() {
        String name = EngineFixture.uniqueName();
        fx.save(name, "while true do sleep(0.05) end");
        String id = fx.engine.run(name, null);
        await().atMost(Duration.ofSeconds(10)).until(() -> fx.engine.activeRuns() > 0);
        assertThat(fx.engine.stopRun(id, "enough")).isTrue();
        Run r = fx.engine.awaitRun(id, Duration.ofSeconds(5)).orElseThrow();
        assertThat(r.outcome()).isEqualTo("stopped");
        assertThat(r.reason()).isEqualTo("enough");
    }
}
