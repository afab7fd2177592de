package io.coral.acs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coral.bus.command.CwmpRpcReply;
import io.coral.bus.command.CwmpRpcRequest;
import io.coral.store.TaskState;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A command in mode {@code now} that finds the CPE in a session skips the connection request and waits for that
 * session to run it. When the session ends without running it, the CPE must be asked to come back, even if it
 * refuses the first connection request (it may still be closing its session).
 */
class AcsSessionEndTest {

    static AcsHarness h;

    @BeforeAll
    static void up() {
        h = AcsHarness.start(b -> b.sessionTimeout(Duration.ofSeconds(1)));
    }

    @AfterAll
    static void down() {
        h.close();
    }

    @Test
    void aCommandLeftBehindByAnEndingSessionStillReachesTheCpe() throws Exception {
        try (TestCrServer cr = new TestCrServer("end-user", "pw")) {
            TestCpe cpe = h.cpe(Dialect.CWMP12, "END-1");
            cpe.crUrl = cr.url();
            assertThat(cpe.inform("1 BOOT").status()).isEqualTo(200);
            assertThat(cpe.emptyPost().status()).isEqualTo(204);
            h.store.devices().setCwmpConnectionRequestCredentials("END-1", cr.user, cr.password);
            cr.onAccepted = () -> {
                cpe.inform("6 CONNECTION REQUEST");
                TestCpe.Reply req = cpe.emptyPost();
                cpe.respond(req, "GetParameterValuesResponse");
            };

            // The CPE opens a session and then goes quiet: the command waits for this session, which times out.
            assertThat(cpe.inform("2 PERIODIC").status()).isEqualTo(200);
            cr.busyLeft.set(1);
            CompletableFuture<CwmpRpcReply> f = h.send("END-1", new CwmpRpcRequest("GetParameterValues",
                    AcsHarness.readTree("{\"names\": [\"Device.DeviceInfo.\"]}"), null, "now", 8000L));
            await().atMost(Duration.ofSeconds(5)).until(() -> !cr.authorizations.isEmpty());
            assertThat(cr.authorizations.getFirst()).as("the first connection request comes at the session's end, "
                    + "and the CPE refuses it").isEmpty();

            CwmpRpcReply reply = f.get(15, TimeUnit.SECONDS);
            assertThat(reply.error()).isNull();
            assertThat(reply.result().get("Device.DeviceInfo.UpTime").asText()).isEqualTo("3600");
            assertThat(cr.accepted.get()).isEqualTo(1);
            assertThat(h.store.tasks().find(reply.taskId()).orElseThrow().state()).isEqualTo(TaskState.DONE);
        }
    }
}
