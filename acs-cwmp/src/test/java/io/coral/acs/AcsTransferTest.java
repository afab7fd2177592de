package io.coral.acs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** CPE-initiated requests, each answered properly; TransferComplete matched to its Download by CommandKey. */
class AcsTransferTest {

    static AcsHarness h;

    @BeforeAll
    static void up() {
        h = AcsHarness.start();
    }

    @AfterAll
    static void down() {
        h.close();
    }

    @Test
    void downloadIsMatchedToItsTransferComplete() {
        TestCpe cpe = h.cpe(Dialect.CWMP10, "XFER-1");
        cpe.inform("1 BOOT");
        cpe.emptyPost();
        String taskId = h.queue("XFER-1", "Download", "{\"command_key\": \"fw-9\", \"file_type\": \"1 Firmware "
                + "Upgrade Image\", \"url\": \"http://acs.example.net/files/fw.bin\"}").taskId();
        cpe.inform("2 PERIODIC");
        TestCpe.Reply dl = cpe.emptyPost();
        assertThat(dl.method()).isEqualTo("Download");
        assertThat(dl.element("CommandKey")).isEqualTo("fw-9");
        assertThat(cpe.respond(dl, "DownloadResponse").status()).isEqualTo(204);

        // After the reboot into the new image: a new session reports the transfer.
        TestCpe.Reply ir = cpe.inform("1 BOOT", "7 TRANSFER COMPLETE", "M Download|fw-9");
        assertThat(ir.method()).isEqualTo("InformResponse");
        TestCpe.Reply tcr = cpe.request("TransferComplete", Map.of("KEY", "fw-9"));
        assertThat(tcr.status()).isEqualTo(200);
        assertThat(tcr.method()).isEqualTo("TransferCompleteResponse");
        assertThat(cpe.emptyPost().status()).isEqualTo(204);

        JsonNode ev = h.awaitEvent("coral.events.cwmp.transfer.XFER-1", j -> !j.get("autonomous").asBoolean()).json();
        assertThat(ev.get("command_key").asText()).isEqualTo("fw-9");
        assertThat(ev.get("task_id").asText()).isEqualTo(taskId);
        assertThat(ev.get("is_download").asBoolean()).isTrue();
        assertThat(ev.get("file_type").asText()).isEqualTo("1 Firmware Upgrade Image");
        assertThat(ev.get("fault_code").asInt()).isZero();
        assertThat(ev.get("start_time").asText()).isEqualTo("2026-11-23T10:01:00Z");
        assertThat(ev.get("complete_time").asText()).isEqualTo("2026-11-23T10:02:30Z");
        JsonNode inform = h.awaitEvent("coral.events.cwmp.inform.XFER-1",
                j -> j.get("events").size() == 3).json();
        assertThat(inform.get("events").get(1).get("index").asText()).isEqualTo("7");
        assertThat(inform.get("events").get(2).get("command_key").asText()).isEqualTo("fw-9");
    }

    @Test
    void everyCpeRequestIsAnswered() {
        TestCpe cpe = h.cpe(Dialect.CWMP14, "CPEREQ-1");
        assertThat(cpe.inform("10 AUTONOMOUS TRANSFER COMPLETE", "9 REQUEST DOWNLOAD").method())
                .isEqualTo("InformResponse");

        TestCpe.Reply atc = cpe.request("AutonomousTransferComplete", Map.of());
        assertThat(atc.method()).isEqualTo("AutonomousTransferCompleteResponse");
        TestCpe.Reply rpc = cpe.request("GetRPCMethods", Map.of());
        assertThat(rpc.method()).isEqualTo("GetRPCMethodsResponse");
        assertThat(rpc.body()).contains("<string>TransferComplete</string>")
                .contains("<string>AutonomousTransferComplete</string>").contains("<string>Inform</string>");
        assertThat(cpe.request("RequestDownload", Map.of()).method()).isEqualTo("RequestDownloadResponse");
        TestCpe.Reply kicked = cpe.request("Kicked", Map.of());
        assertThat(kicked.method()).isEqualTo("KickedResponse");
        assertThat(kicked.element("NextURL")).isEqualTo("http://portal.example.net/done");
        assertThat(cpe.request("DUStateChangeComplete", Map.of()).method()).isEqualTo("DUStateChangeCompleteResponse");
        assertThat(cpe.request("AutonomousDUStateChangeComplete", Map.of()).method())
                .isEqualTo("AutonomousDUStateChangeCompleteResponse");
        TestCpe.Reply tc = cpe.request("TransferComplete", Map.of("KEY", "unknown-key"));
        assertThat(tc.method()).isEqualTo("TransferCompleteResponse");
        assertThat(cpe.emptyPost().status()).isEqualTo(204);

        JsonNode auto = h.awaitEvent("coral.events.cwmp.transfer.CPEREQ-1", j -> j.get("autonomous").asBoolean())
                .json();
        assertThat(auto.get("transfer_url").asText()).isEqualTo("http://files.example.net/cfg.xml");
        assertThat(auto.get("is_download").asBoolean()).isFalse();
        assertThat(auto.get("file_type").asText()).isEqualTo("3 Vendor Configuration File");
        JsonNode unmatched = h.awaitEvent("coral.events.cwmp.transfer.CPEREQ-1",
                j -> j.path("command_key").asText().equals("unknown-key")).json();
        assertThat(unmatched.has("task_id")).isFalse();
    }

    @Test
    void cpeRequestsComeBeforeTheAcsRequests() {
        TestCpe cpe = h.cpe(Dialect.CWMP12, "ORDER-1");
        cpe.inform("1 BOOT");
        cpe.emptyPost();
        h.queue("ORDER-1", "Reboot", "{\"command_key\": \"r\"}");
        cpe.inform("2 PERIODIC");
        // The CPE still has the floor: its request is answered, the ACS waits for the empty POST.
        assertThat(cpe.request("GetRPCMethods", Map.of()).method()).isEqualTo("GetRPCMethodsResponse");
        TestCpe.Reply reboot = cpe.emptyPost();
        assertThat(reboot.method()).isEqualTo("Reboot");
        assertThat(cpe.respond(reboot, "RebootResponse").status()).isEqualTo(204);
    }
}
