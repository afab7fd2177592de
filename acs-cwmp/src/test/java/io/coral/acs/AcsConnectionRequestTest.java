package io.coral.acs;

import static org.assertj.core.api.Assertions.assertThat;

import io.coral.bus.command.CwmpRpcReply;
import io.coral.store.TaskState;
import java.net.ServerSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Mode {@code now}: a connection request (Digest) to a CPE that then opens its session; unreachable CPEs; 503. */
class AcsConnectionRequestTest {

    static AcsHarness h;

    @BeforeAll
    static void up() {
        h = AcsHarness.start();
    }

    @AfterAll
    static void down() {
        h.close();
    }

    /** A CPE that, when its CR endpoint is hit, informs with 6 CONNECTION REQUEST and answers one request. */
    private static TestCpe register(String sn, TestCrServer cr, String answer) {
        TestCpe cpe = h.cpe(Dialect.CWMP12, sn);
        cpe.crUrl = cr.url();
        assertThat(cpe.inform("1 BOOT").status()).isEqualTo(200);
        assertThat(cpe.emptyPost().status()).isEqualTo(204);
        h.store.devices().setCwmpConnectionRequestCredentials(sn, cr.user, cr.password);
        cr.onAccepted = () -> {
            cpe.inform("6 CONNECTION REQUEST");
            TestCpe.Reply req = cpe.emptyPost();
            cpe.respond(req, answer);
        };
        return cpe;
    }

    @Test
    void nowSendsADigestConnectionRequestAndWaitsForTheResult() throws Exception {
        try (TestCrServer cr = new TestCrServer("cr-user", "cr-secret")) {
            register("CR-1", cr, "GetParameterValuesResponse");
            CwmpRpcReply reply = h.rpc("CR-1", "GetParameterValues", "{\"names\": [\"Device.DeviceInfo.\"]}", "now")
                    .get(20, TimeUnit.SECONDS);
            assertThat(reply.error()).isNull();
            assertThat(reply.result().get("Device.DeviceInfo.UpTime").asText()).isEqualTo("3600");
            assertThat(cr.accepted.get()).isEqualTo(1);
            assertThat(cr.authorizations).hasSize(2);
            assertThat(cr.authorizations.get(0)).isEmpty();
            assertThat(cr.authorizations.get(1)).startsWith("Digest ").contains("username=\"cr-user\"")
                    .contains("qop=auth").doesNotContain("cr-secret");
            assertThat(h.store.tasks().find(reply.taskId()).orElseThrow().state()).isEqualTo(TaskState.DONE);
        }
    }

    @Test
    void aBusyCpeIsAskedAgain() throws Exception {
        try (TestCrServer cr = new TestCrServer("busy-user", "pw")) {
            register("CR-BUSY", cr, "RebootResponse");
            cr.busyLeft.set(1);
            CwmpRpcReply reply = h.rpc("CR-BUSY", "Reboot", "{}", "now").get(20, TimeUnit.SECONDS);
            assertThat(reply.error()).isNull();
            assertThat(reply.result().isEmpty()).isTrue();
            assertThat(cr.authorizations.get(0)).isEmpty();
            assertThat(cr.accepted.get()).isEqualTo(1);
        }
    }

    @Test
    void wrongCredentialsAreReportedAndTheTaskWaitsForTheNextInform() throws Exception {
        try (TestCrServer cr = new TestCrServer("right-user", "right")) {
            TestCpe cpe = register("CR-AUTH", cr, "RebootResponse");
            h.store.devices().setCwmpConnectionRequestCredentials("CR-AUTH", "right-user", "wrong");
            CwmpRpcReply reply = h.rpc("CR-AUTH", "Reboot", "{}", "now").get(20, TimeUnit.SECONDS);
            assertThat(reply.error().code()).isEqualTo("offline");
            assertThat(reply.error().detail().get("connection_request").asText()).isEqualTo("auth_failed");
            assertThat(reply.error().detail().get("task_id").asText()).isEqualTo(reply.taskId());
            assertThat(cr.accepted.get()).isZero();
            // Still queued: the next Inform runs it.
            cpe.inform("2 PERIODIC");
            TestCpe.Reply req = cpe.emptyPost();
            assertThat(req.method()).isEqualTo("Reboot");
            assertThat(cpe.respond(req, "RebootResponse").status()).isEqualTo(204);
            assertThat(h.store.tasks().find(reply.taskId()).orElseThrow().state()).isEqualTo(TaskState.DONE);
        }
    }

    @Test
    void anUnreachableDeviceIsOffline() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        TestCpe cpe = h.cpe(Dialect.CWMP10, "CR-GONE");
        cpe.crUrl = "http://127.0.0.1:" + closedPort + "/cr";
        cpe.inform("1 BOOT");
        cpe.emptyPost();
        CwmpRpcReply reply = h.rpc("CR-GONE", "FactoryReset", "{}", "now").get(20, TimeUnit.SECONDS);
        assertThat(reply.error().code()).isEqualTo("offline");
        assertThat(reply.error().detail().get("connection_request").asText()).isEqualTo("unreachable");
        assertThat(h.store.tasks().find(reply.taskId()).orElseThrow().state()).isEqualTo(TaskState.QUEUED);
    }

    @Test
    void aCpeThatNeverComesTimesOut() throws Exception {
        try (TestCrServer cr = new TestCrServer("silent", "pw")) {
            register("CR-SILENT", cr, "RebootResponse");
            cr.onAccepted = () -> { };
            CompletableFuture<CwmpRpcReply> f = h.send("CR-SILENT", new io.coral.bus.command.CwmpRpcRequest(
                    "Reboot", null, null, "now", 700L));
            CwmpRpcReply reply = f.get(20, TimeUnit.SECONDS);
            assertThat(reply.error().code()).isEqualTo("timeout");
            assertThat(reply.error().detail().get("state").asText()).isEqualTo("queued");
            assertThat(cr.accepted.get()).isEqualTo(1);
        }
    }
}
