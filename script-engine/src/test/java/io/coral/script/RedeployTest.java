package io.coral.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coral.bus.event.DeviceStatusEvent;
import io.coral.bus.event.EventCode;
import io.coral.bus.event.InformEvent;
import io.coral.store.Run;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Edits of an active script while its events keep arriving: no event is lost or handled twice by the swap. */
class RedeployTest {
    private static final int VERSIONS = 6;
    private static final int EVENTS = 1_200;
    private static final int IN_FLIGHT = 32;

    private EngineFixture fx;
    private final AtomicInteger eventRuns = new AtomicInteger();
    private final List<CountDownLatch> milestones = new ArrayList<>();
    private final Semaphore inFlight = new Semaphore(IN_FLIGHT);

    @BeforeEach
    void start() {
        for (int v = 1; v < VERSIONS; v++) {
            milestones.add(new CountDownLatch(v * EVENTS / VERSIONS));
        }
        fx = new EngineFixture();
        fx.engine.close();
        // enough trigger slots for the whole stream: a drop by the bound must not pass for a loss by the edit
        fx.engine = ScriptEngine.builder().bus(fx.bus).store(fx.store).limits(EngineFixture.TEST_LIMITS).instanceId("test-1")
                .maxTriggerRuns(EVENTS).reconcileInterval(Duration.ofMillis(100)).logFlushInterval(Duration.ofMillis(100))
                .onRunStarted(trigger -> {
                    if ("event".equals(trigger)) {
                        eventRuns.incrementAndGet();
                        milestones.forEach(CountDownLatch::countDown);
                        inFlight.release();
                    }
                })
                .build().start();
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    private static String lua(int version) {
        return "-- version " + version + "\nprint(event.serial_number)";
    }

    @Test
    void everyTriggerEventStartsExactlyOneRunWhileTheScriptIsEditedRepeatedly() throws Exception {
        String name = EngineFixture.uniqueName();
        List<String> triggers = List.of("device.status.*", "cwmp.inform.*");
        fx.save(name, lua(1), true, null, null, triggers, Map.of(), false);
        fx.engine.reconcile();

        // a steady stream, at most IN_FLIGHT events ahead of the runs they start, published while the edits happen;
        // Informs reach triggers through their own path (one trigger event per Inform), status events directly
        List<String> serials = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            serials.add("RD" + i);
        }
        Thread publisher = Thread.ofVirtual().start(() -> {
            for (int i = 0; i < EVENTS; i++) {
                String sn = serials.get(i);
                try {
                    if (!inFlight.tryAcquire(5, TimeUnit.SECONDS)) {
                        return; // events were lost: the count below fails
                    }
                } catch (InterruptedException e) {
                    return;
                }
                if (i % 2 == 0) {
                    fx.bus.publishEvent(fx.bus.subjects().deviceStatus(sn), new DeviceStatusEvent(sn, "cwmp", 2, 2, "up", Instant.now()));
                } else {
                    fx.bus.publishEvent(fx.bus.subjects().cwmpInform(sn), new InformEvent(sn, "OUI", "PC", "Acme", "R1", "1.0", "TR-181",
                            List.of(new EventCode("2", "2 PERIODIC", null)), Map.of(), false, Instant.now()));
                }
            }
        });
        for (int v = 2; v <= VERSIONS; v++) {
            assertThat(milestones.get(v - 2).await(20, TimeUnit.SECONDS)).as("runs before edit %d", v).isTrue();
            fx.save(name, lua(v), true, null, null, triggers, Map.of(), false);
            fx.engine.reconcile();
        }

        publisher.join(Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(eventRuns.get()).as("runs started for %d events (fewer: events lost by an edit)", EVENTS).isEqualTo(EVENTS));
        await().atMost(Duration.ofSeconds(20)).until(() -> fx.engine.activeRuns() == 0);
        List<Run> runs = fx.store.runs().list(name, EVENTS * 2);
        List<String> handled = runs.stream().flatMap(r -> EngineFixture.lines(r).stream()).toList();
        assertThat(handled).as("one run per event, none lost, none twice").containsExactlyInAnyOrderElementsOf(serials);
        assertThat(runs).allMatch(r -> "ok".equals(r.outcome()));
        Set<Integer> versions = runs.stream().map(Run::version).collect(Collectors.toSet());
        assertThat(versions).as("the edits happened while the stream was handled").hasSizeGreaterThan(2);
        assertThat(fx.store.scripts().find(name).orElseThrow().state()).isEqualTo("running");
    }

    @Test
    void editsOfAScheduledScriptMissNoFireAndDoubleNone() {
        String name = EngineFixture.uniqueName();
        fx.save(name, "-- version 1", true, "* * * * * *", null, List.of(), Map.of(), false);
        fx.engine.reconcile();
        await().atMost(Duration.ofSeconds(5)).until(() -> !fx.store.runs().list(name, 10).isEmpty());
        for (int v = 2; v <= 4; v++) {
            // early in a second: that second's fire is due, and the cron tick (every 200 ms) has likely not run yet
            await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).atMost(Duration.ofSeconds(3))
                    .until(() -> Instant.now().getNano() < 40_000_000);
            fx.save(name, "-- version " + v, true, "* * * * * *", null, List.of(), Map.of(), false);
            fx.engine.reconcile();
        }
        int last = 4;
        await().atMost(Duration.ofSeconds(5)).until(() -> fx.store.runs().list(name, 100).stream().anyMatch(r -> r.version() == last));
        fx.store.scripts().setActive(name, false);
        fx.engine.reconcile();
        await().atMost(Duration.ofSeconds(5)).until(() -> fx.engine.activeRuns() == 0);

        List<Run> runs = fx.store.runs().list(name, 100);
        List<Long> claimed = fx.claimedFires(name);
        assertThat(claimed).as("fire seconds").isNotEmpty();
        assertThat(claimed.get(claimed.size() - 1) - claimed.get(0) + 1).as("fires without a gap: %s", claimed).isEqualTo(claimed.size());
        assertThat(runs).as("one run per fire").hasSize(claimed.size());
    }

    @Test
    void anInstanceThatLosesTheLeaseStopsTheScriptAndLeavesItsStateToTheNewOwner() {
        String name = EngineFixture.uniqueName();
        fx.save(name, "while true do sleep(0.05) end", true, null, null, List.of(), Map.of(), false);
        fx.engine.reconcile();
        await().atMost(Duration.ofSeconds(5)).until(() -> fx.store.runs().list(name, 10).size() == 1
                && "running".equals(fx.store.scripts().find(name).orElseThrow().state()));
        Run run = fx.store.runs().list(name, 10).get(0);
        // another instance takes the script over (this one's lease lapsed) and runs it
        fx.store.leases().release("script:" + name, "test-1");
        assertThat(fx.store.leases().tryAcquire("script:" + name, "test-other", Duration.ofMinutes(1))).isTrue();
        fx.engine.reconcile();
        await().atMost(Duration.ofSeconds(5)).until(() -> "stopped".equals(fx.store.runs().find(run.id()).orElseThrow().outcome()));
        assertThat(fx.store.runs().find(run.id()).orElseThrow().reason()).isEqualTo("owned by another instance");
        assertThat(fx.store.scripts().find(name).orElseThrow().state()).as("the new owner's state").isEqualTo("running");
        fx.store.scripts().setActive(name, false);
        fx.store.leases().release("script:" + name, "test-other");
    }
}
