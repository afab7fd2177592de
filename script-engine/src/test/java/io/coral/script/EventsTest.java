package io.coral.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coral.bus.command.CwmpRpcReply;
import io.coral.bus.event.CwmpTaskDoneEvent;
import io.coral.bus.event.DeviceNewEvent;
import io.coral.bus.event.DeviceStatusEvent;
import io.coral.bus.event.EventCode;
import io.coral.bus.event.InformEvent;
import io.coral.bus.event.UspNotifyEvent;
import io.coral.store.Run;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Listeners (blocking and callback), triggers and the durable subscription. */
class EventsTest {
    static EngineFixture fx;

    @BeforeAll
    static void start() {
        fx = new EngineFixture();
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    static void inform(String sn, String... indexCodes) throws Exception {
        List<EventCode> codes = java.util.Arrays.stream(indexCodes)
                .map(c -> new EventCode(c.split(" ")[0], c, null)).toList();
        fx.bus.publishEvent(fx.bus.subjects().cwmpInform(sn), new InformEvent(sn, "OUI", "PC", "Acme", "R1", "1.0", "TR-181",
                codes, Map.of("Device.DeviceInfo.SoftwareVersion", "1.0"), false, Instant.now())).get();
    }

    /** Starts {@code lua} as an active long-running script; returns its run id once it listens. */
    static String activate(String lua, int listeners) {
        String name = EngineFixture.uniqueName();
        int before = fx.engine.listenerCount();
        fx.save(name, lua, true, null, null, List.of(), Map.of(), false);
        fx.engine.reconcile();
        await().atMost(Duration.ofSeconds(10)).until(() -> fx.engine.listenerCount() >= before + listeners);
        return fx.store.runs().list(name, 1).get(0).id();
    }

    static List<String> logOf(String runId) {
        fx.engine.awaitRun(runId, Duration.ZERO);
        return EngineFixture.lines(fx.store.runs().find(runId).orElseThrow());
    }

    static Run deactivate(String runId) {
        Run r = fx.store.runs().find(runId).orElseThrow();
        fx.store.scripts().setActive(r.script(), false);
        fx.engine.reconcile();
        return fx.engine.awaitRun(runId, Duration.ofSeconds(10)).orElseThrow();
    }

    @Test
    void blockingListenerFiltersByEventAndSerial() throws Exception {
        String run = activate("while true do local e = listen_to_cwmp_event('1', 'A1') print(e.event, e.serial_number, e.event_code) end", 1);
        inform("A2", "1 BOOT");
        inform("A1", "2 PERIODIC");
        inform("A1", "1 BOOT", "M Reboot");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(logOf(run)).containsExactly("1\tA1\t1 BOOT"));
        assertThat(deactivate(run).outcome()).isEqualTo("stopped");
    }

    @Test
    void anyEventListenerGetsOneTablePerEventCode() throws Exception {
        String run = activate("while true do local e = listen_to_cwmp_event() print(e.serial_number .. ':' .. e.event) end", 1);
        inform("B1", "1 BOOT", "4 VALUE CHANGE");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(logOf(run)).containsExactlyInAnyOrder("B1:1", "B1:4"));
        deactivate(run);
    }

    @Test
    void fullQueueDropsOldestAndCountsThem() throws Exception {
        // the body sleeps on the first event so the rest pile up beyond the queue (100 in tests)
        String run = activate("local first = true while true do local e = listen_to_cwmp_event('2', 'Q1') if first then sleep(1) first = false end end", 1);
        for (int i = 0; i < 150; i++) {
            inform("Q1", "2 PERIODIC");
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(logOf(run)).anyMatch(l -> l.contains("event(s) dropped")));
        deactivate(run);
    }

    @Test
    void callbackFormReturnsAtOnceAndRunsPerEvent() throws Exception {
        String run = activate("""
                listen_to_cwmp_event('2', nil, function(e) print('cb ' .. e.serial_number) end)
                print('registered')
                """, 1);
        inform("C1", "2 PERIODIC");
        inform("C2", "2 PERIODIC");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(logOf(run)).containsExactlyInAnyOrder("registered", "cb C1", "cb C2"));
        assertThat(fx.store.runs().find(run).orElseThrow().outcome()).isEqualTo("running");
        assertThat(deactivate(run).outcome()).isEqualTo("stopped");
    }

    @Test
    void callbackParallelismBoundsConcurrentCallbacks() throws Exception {
        // each callback reports its own [start, end) in ms; the overlap is computed here, not in racy shared Lua globals
        String run = activate("""
                listen_to_cwmp_event('2', nil, function(e)
                  local started = now()
                  sleep(0.3)
                  print(e.serial_number .. ' ' .. started .. ' ' .. now())
                end, 2)
                """, 1);
        for (int i = 0; i < 6; i++) {
            inform("P" + i, "2 PERIODIC");
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(logOf(run)).hasSize(6));
        List<long[]> spans = logOf(run).stream().map(l -> l.split(" "))
                .map(f -> new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])}).toList();
        int peak = 0;
        for (long[] at : spans) {
            int running = 0;
            for (long[] other : spans) {
                if (other[0] <= at[0] && at[0] < other[1]) {
                    running++;
                }
            }
            peak = Math.max(peak, running);
        }
        assertThat(peak).as("callbacks running at once: %s", logOf(run)).isEqualTo(2);
        deactivate(run);
    }

    @Test
    void parallelCallbacksComputeWithoutInterferingWithTheGuard() throws Exception {
        String run = activate("""
                local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
                listen_to_cwmp_event('2', nil, function(e)
                  local t = {}
                  for i = 1, 200 do t[i] = fib(8) .. ':' .. i end
                  print('ok ' .. e.serial_number .. ' ' .. #t .. ' ' .. fib(15))
                end, 4)
                """, 1);
        for (int i = 0; i < 40; i++) {
            inform("PC" + i, "2 PERIODIC");
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(logOf(run)).hasSize(40));
        assertThat(logOf(run)).allMatch(l -> l.startsWith("ok PC") && l.endsWith(" 200 610"));
        deactivate(run);
    }

    @Test
    void parallelCallbacksShareTheRunsGlobalsSafelyAndStillOverlapWhileTheyWait() throws Exception {
        int parallel = 4;
        int increments = 100_000;
        // the fake ACS answers only once every callback is waiting in send_cwmp_rpc at the same time: the
        // callbacks must have given up the run's Lua state while blocked
        CountDownLatch allWaiting = new CountDownLatch(parallel);
        var previous = fx.acs;
        fx.acs = (sn, r) -> {
            allWaiting.countDown();
            boolean together;
            try {
                together = allWaiting.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                together = false;
            }
            return new CwmpRpcReply("t", FunctionLibraryTest.json("{\"together\":\"" + together + "\"}"), null);
        };
        try {
            String run = activate("""
                    counter = 0
                    finished = 0
                    listen_to_cwmp_event('2', nil, function(e)
                      for i = 1, %d do counter = counter + 1 end
                      local r = send_cwmp_rpc(e.serial_number, 'GetParameterValues', {names = {'Device.'}})
                      for i = 1, %d do counter = counter + 1 end
                      finished = finished + 1
                      print(string.format('%%s together=%%s finished=%%d counter=%%d', e.serial_number,
                        tostring(r and r.together), finished, counter))
                    end, %d)
                    """.formatted(increments, increments, parallel), 1);
            for (int i = 0; i < parallel; i++) {
                inform("G" + i, "2 PERIODIC");
            }
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(logOf(run)).hasSize(parallel));
            List<String> lines = logOf(run);
            assertThat(lines).as("each callback waited together with the others").allMatch(l -> l.contains("together=true"));
            // every increment of every callback counted: no update lost to a concurrent callback
            assertThat(lines).as("log %s", lines).anyMatch(l -> l.endsWith("finished=" + parallel + " counter=" + 2L * parallel * increments));
            deactivate(run);
        } finally {
            fx.acs = previous;
        }
    }

    @Test
    void discardIfBusyDropsEventsOfABusyDevice() throws Exception {
        String run = activate("""
                listen_to_cwmp_event('2', nil, function(e) sleep(0.5) print('done ' .. e.serial_number) end, 4, true)
                """, 1);
        inform("D1", "2 PERIODIC");
        inform("D1", "2 PERIODIC");
        inform("D1", "2 PERIODIC");
        inform("D2", "2 PERIODIC");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(logOf(run)).containsExactlyInAnyOrder("done D1", "done D2"));
        deactivate(run);
    }

    @Test
    void callbackErrorIsLoggedAndListeningGoesOn() throws Exception {
        String run = activate("listen_to_cwmp_event('2', nil, function(e) if e.serial_number == 'E1' then error('bad device') end print('ok ' .. e.serial_number) end)", 1);
        inform("E1", "2 PERIODIC");
        inform("E2", "2 PERIODIC");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(logOf(run))
                .anyMatch(l -> l.contains("callback failed") && l.contains("bad device")).contains("ok E2"));
        deactivate(run);
    }

    @Test
    void callbackThatBreaksALimitKillsTheRun() throws Exception {
        String run = activate("listen_to_cwmp_event('2', 'K1', function(e) while true do end end)", 1);
        inform("K1", "2 PERIODIC");
        Run r = fx.engine.awaitRun(run, Duration.ofSeconds(10)).orElseThrow();
        assertThat(r.outcome()).isEqualTo("killed");
        assertThat(r.reason()).contains("instruction budget");
    }

    @Test
    void newDeviceListener() throws Exception {
        String run = activate("""
                listen_to_new_device('usp', function(d) print('usp ' .. d.sn) end)
                listen_to_new_device('cwmp', 'R9', function(d) print('cwmp ' .. d.sn .. ' ' .. d.model) end)
                listen_to_new_device(function(d) print('any ' .. d.sn) end)
                """, 3);
        fx.bus.publishEvent(fx.bus.subjects().deviceNew("N1"), new DeviceNewEvent("N1", "cwmp", "Acme", "R9", "PC", Instant.now())).get();
        fx.bus.publishEvent(fx.bus.subjects().deviceNew("N2"), new DeviceNewEvent("N2", "cwmp", "Acme", "R1", "PC", Instant.now())).get();
        fx.bus.publishEvent(fx.bus.subjects().deviceNew("os::N3"), new DeviceNewEvent("os::N3", "usp", "Acme", "U", "PC", Instant.now())).get();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(logOf(run))
                .containsExactlyInAnyOrder("cwmp N1 R9", "usp os::N3", "any N1", "any N2", "any os::N3"));
        deactivate(run);
    }

    @Test
    void uspEventListenerBlockingAndCallback() throws Exception {
        String run = activate("""
                listen_to_usp_event('ValueChange', function(n) print('cb ' .. n.serial_number .. ' ' .. n.path .. '=' .. n.value) end)
                local n = listen_to_usp_event('Event', 'os::U1')
                print(n.type, n.subscription_id, n.event_name, n.params.Cause)
                """, 2);
        fx.bus.publishEvent(fx.bus.subjects().uspNotify("os::U1"), new UspNotifyEvent("os::U1", "ValueChange", "sub-1", "m1",
                "Device.WiFi.SSID.1.SSID", null, null, "new", "{}", Instant.now())).get();
        fx.bus.publishEvent(fx.bus.subjects().uspNotify("os::U1"), new UspNotifyEvent("os::U1", "Event", "sub-2", "m2",
                "Device.", "Boot!", Map.of("Cause", "LocalReboot"), null, "{}", Instant.now())).get();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(logOf(run))
                .contains("cb os::U1 Device.WiFi.SSID.1.SSID=new", "Event\tsub-2\tBoot!\tLocalReboot"));
        deactivate(run);
    }

    @Test
    void cwmpAndUspListenersTakeTheSameArgumentForms() throws Exception {
        // one parser for every listen_*: the callback is the first function argument, filters before it optional,
        // then parallelism and discard_if_busy
        String run = activate("""
                listen_to_cwmp_event(function(e) print('cwmp any ' .. e.serial_number .. ' ' .. e.event) end)
                listen_to_usp_event('ValueChange', 'os::U7', function(n) sleep(0.5) print('usp ' .. n.value) end, 2, true)
                """, 2);
        inform("F1", "6 CONNECTION REQUEST");
        for (String v : new String[] {"a", "b", "c"}) {
            fx.bus.publishEvent(fx.bus.subjects().uspNotify("os::U7"), new UspNotifyEvent("os::U7", "ValueChange", "sub-7",
                    "m-" + v, "Device.WiFi.SSID.1.SSID", null, null, v, "{}", Instant.now())).get();
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(logOf(run))
                .contains("cwmp any F1 6").anyMatch(l -> l.startsWith("usp ")));
        // the first of the three ran; the two that arrived while its callback slept were dropped
        assertThat(logOf(run)).as("events of the busy device dropped").filteredOn(l -> l.startsWith("usp ")).hasSize(1);
        deactivate(run);
    }

    @Test
    void deviceStatusListener() throws Exception {
        String run = activate("""
                listen_to_device_status('S1', function(s) print(s.serial_number, s.protocol, s.status, s.online) end)
                """, 1);
        fx.bus.publishEvent(fx.bus.subjects().deviceStatus("S2"), new DeviceStatusEvent("S2", "cwmp", 0, 0, "timeout", Instant.now())).get();
        fx.bus.publishEvent(fx.bus.subjects().deviceStatus("S1"), new DeviceStatusEvent("S1", "cwmp", 0, 0, "missed inform", Instant.now())).get();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(logOf(run)).containsExactly("S1\tcwmp\t0\tfalse"));
        deactivate(run);
    }

    @Test
    void taskDoneEventReachesListeners() throws Exception {
        String run = activate("local e = listen_to_cwmp_event('cwmp_task_done', 'T1') print(e.task_id, e.rpc, e.result.status)", 1);
        fx.bus.publishEvent(fx.bus.subjects().cwmpTaskDone("T1"), new CwmpTaskDoneEvent("T1", "task-7", "SetParameterValues",
                FunctionLibraryTest.json("{\"status\":0}"), null, Instant.now())).get();
        Run r = fx.engine.awaitRun(run, Duration.ofSeconds(10)).orElseThrow();
        assertThat(r.outcome()).isEqualTo("ok");
        assertThat(EngineFixture.lines(r)).containsExactly("task-7\tSetParameterValues\t0");
    }

    @Test
    void triggerStartsAFreshRunWithTheEvent() throws Exception {
        String name = EngineFixture.uniqueName();
        fx.save(name, "print(event.type, event.serial_number, event.event, #event.codes, event.parameters['Device.DeviceInfo.SoftwareVersion'])",
                true, null, null, List.of("cwmp.inform.*"), Map.of(), false);
        fx.engine.reconcile();
        inform("TR1", "1 BOOT", "M Reboot");
        await().atMost(Duration.ofSeconds(10)).until(() -> fx.store.runs().list(name, 10).stream().anyMatch(r -> "ok".equals(r.outcome())));
        Run r = fx.store.runs().list(name, 10).get(0);
        assertThat(r.trigger()).isEqualTo("event");
        assertThat(EngineFixture.lines(r)).containsExactly("cwmp_inform\tTR1\t1\t2\t1.0");
        fx.store.scripts().setActive(name, false);
        fx.engine.reconcile();
    }

    @Test
    void triggeredRunsOfOneScriptAreBounded() throws Exception {
        // a flood of matching events cannot start unbounded runs: at most maxTriggerRuns (64) alive at once
        String name = EngineFixture.uniqueName();
        fx.save(name, "sleep(1)", true, null, null, List.of("device.status.*"), Map.of(), false);
        fx.engine.reconcile();
        for (int i = 0; i < 100; i++) {
            fx.bus.publishEvent(fx.bus.subjects().deviceStatus("F" + i), new DeviceStatusEvent("F" + i, "cwmp", 2, 2, "up", Instant.now())).get();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> fx.store.runs().list(name, 200).size() >= 64);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> fx.store.runs().list(name, 200).size() == 64);
        fx.store.scripts().setActive(name, false);
        fx.engine.reconcile();
    }

    @Test
    void eventsPublishedWhileTheEngineIsDownAreDeliveredAfterRestart() throws Exception {
        String name = EngineFixture.uniqueName();
        fx.save(name, "print('got ' .. event.serial_number)", true, null, null, List.of("device.new.*"), Map.of(), false);
        fx.engine.reconcile();
        fx.engine.close();
        fx.bus.publishEvent(fx.bus.subjects().deviceNew("LATE1"), new DeviceNewEvent("LATE1", "cwmp", "A", "M", "P", Instant.now())).get();
        fx.engine = fx.newEngine(EngineFixture.TEST_LIMITS, "test-1");
        fx.engine.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> fx.store.runs().list(name, 10).stream()
                .anyMatch(r -> "ok".equals(r.outcome()) && EngineFixture.lines(r).contains("got LATE1")));
        fx.store.scripts().setActive(name, false);
        fx.engine.reconcile();
    }
}
