package io.coral.acs;

import static org.assertj.core.api.Assertions.assertThat;

import io.coral.bus.command.CwmpRpcReply;
import io.coral.store.Task;
import io.coral.store.TaskState;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import io.coral.store.testing.MutableClock;
import org.junit.jupiter.api.Test;

/** Tasks queued for an offline device survive an ACS restart (same store) and run at its next Inform. */
class AcsRestartTest {

    @Test
    void queuedAndInFlightTasksSurviveARestart() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (AcsHarness h = AcsHarness.start(b -> b.connectionRequestTimeout(Duration.ofSeconds(2)))) {
            TestCpe cpe = h.cpe(Dialect.CWMP10, "RESTART-1");
            cpe.crUrl = "http://127.0.0.1:" + closedPort + "/cr";
            cpe.inform("1 BOOT");
            cpe.emptyPost();

            String a = h.queue("RESTART-1", "Reboot", "{\"command_key\": \"a\"}").taskId();
            CwmpRpcReply offline = h.rpc("RESTART-1", "GetParameterValues",
                    "{\"names\": [\"InternetGatewayDevice.DeviceInfo.\"]}", "now").get(20, TimeUnit.SECONDS);
            assertThat(offline.error().code()).isEqualTo("offline");
            String b = offline.taskId();
            String c = h.queue("RESTART-1", "FactoryReset", "{}").taskId();

            // The first task goes out, then the ACS stops before the CPE answers.
            cpe.inform("2 PERIODIC");
            TestCpe.Reply inFlight = cpe.emptyPost();
            assertThat(inFlight.method()).isEqualTo("Reboot");
            assertThat(h.store.tasks().find(a).orElseThrow().state()).isEqualTo(TaskState.SENT);

            h.restartAcs();
            assertThat(h.store.tasks().find(a).orElseThrow().state()).isEqualTo(TaskState.QUEUED);

            TestCpe again = h.cpe(Dialect.CWMP10, "RESTART-1");
            again.crUrl = cpe.crUrl;
            assertThat(again.inform("2 PERIODIC").status()).isEqualTo(200);
            TestCpe.Reply r1 = again.emptyPost();
            assertThat(r1.method()).isEqualTo("Reboot");
            TestCpe.Reply r2 = again.respond(r1, "RebootResponse");
            assertThat(r2.method()).isEqualTo("GetParameterValues");
            TestCpe.Reply r3 = again.respond(r2, "GetParameterValuesResponse");
            assertThat(r3.method()).isEqualTo("FactoryReset");
            assertThat(again.respond(r3, "FactoryResetResponse").status()).isEqualTo(204);
            for (String id : List.of(a, b, c)) {
                assertThat(h.store.tasks().find(id).orElseThrow().state()).as(id).isEqualTo(TaskState.DONE);
            }
            h.awaitEvent("coral.events.cwmp.task.RESTART-1", j -> j.get("task_id").asText().equals(b)
                    && j.get("result").has("InternetGatewayDevice.DeviceInfo.UpTime"));
        }
    }

    @Test
    void tasksLeftSentByADeadInstanceAreRequeued() {
        MutableClock clock = new MutableClock(Instant.now());
        try (AcsHarness h = AcsHarness.start(b -> b.sweepInterval(Duration.ofMillis(200)).clock(clock)
                .sessionTimeout(Duration.ofSeconds(1)))) {
            TestCpe cpe = h.cpe(Dialect.CWMP12, "DEAD-1");
            cpe.inform("1 BOOT");
            cpe.emptyPost();
            Task t = h.store.tasks().enqueue("DEAD-1", "cwmp", "Reboot", "{\"rpc\": \"Reboot\", \"args\": {}}", null, 3,
                    Instant.now().plus(Duration.ofDays(1)));
            // Another instance claimed it and died.
            assertThat(h.store.tasks().claim(t.id(), "acs-dead", Instant.now())).isPresent();
            // Past twice the session timeout plus a margin, a SENT task is known to be orphaned.
            clock.advance(Duration.ofMinutes(2));
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> h.store.tasks().find(t.id()).orElseThrow().state() == TaskState.QUEUED);
            cpe.inform("1 BOOT");
            TestCpe.Reply r = cpe.emptyPost();
            assertThat(r.method()).isEqualTo("Reboot");
            assertThat(cpe.respond(r, "RebootResponse").status()).isEqualTo(204);
            assertThat(h.store.tasks().find(t.id()).orElseThrow().state()).isEqualTo(TaskState.DONE);
        }
    }
}
