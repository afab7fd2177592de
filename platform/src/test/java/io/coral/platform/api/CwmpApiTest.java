package io.coral.platform.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coral.bus.Json;
import io.coral.bus.command.BusError;
import io.coral.bus.command.CwmpRpcReply;
import io.coral.bus.command.CwmpRpcRequest;
import io.coral.platform.testing.ApiFixture;
import io.coral.platform.testing.Http;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** POST /api/devices/{sn}/cwmp against a fake ACS answering on cwmp.rpc.*. */
class CwmpApiTest {
    @RegisterExtension
    final ApiFixture api = new ApiFixture();

    final LinkedBlockingQueue<CwmpRpcRequest> received = new LinkedBlockingQueue<>();

    @BeforeEach
    void seed() {
        api.seed(List.of(ApiFixture.cwmpDevice("CPE.1", "Acme", "R1", 2, Instant.now()),
                ApiFixture.uspDevice("proto::agent", "Acme", "U", 2, Instant.now())));
    }

    private void fakeAcs() {
        api.bus().subscribe(api.bus().subjects().cwmpRpcAll(), "acs", m -> {
            CwmpRpcRequest req = m.decode(CwmpRpcRequest.class);
            received.add(req);
            String sn = io.coral.bus.Subjects.lastToken(m.subject());
            CwmpRpcReply reply = switch (req.rpc() == null ? "xml" : req.rpc()) {
                case "GetParameterValues" -> {
                    ObjectNode result = Json.MAPPER.createObjectNode();
                    req.args().path("names").forEach(n -> result.put(n.asText(), "value-of-" + n.asText() + "@" + sn));
                    yield new CwmpRpcReply("t1", result, null);
                }
                case "SetParameterValues" -> {
                    if (req.args().toString().contains("Bad")) {
                        ObjectNode detail = Json.MAPPER.createObjectNode().put("error_code", "9003").put("error_message", "Invalid arguments")
                                .put("raw_response", "<soap:Fault>…</soap:Fault>");
                        detail.putArray("parameter_faults").addObject().put("parameter_name", "Device.Bad").put("fault_code", "9007")
                                .put("fault_string", "Invalid parameter value");
                        yield new CwmpRpcReply("t2", null, new BusError("9003", "Invalid arguments", detail));
                    }
                    yield new CwmpRpcReply("t2", Json.MAPPER.createObjectNode().put("status", 0), null);
                }
                case "Reboot" -> req.mode().equals("next_inform")
                        ? new CwmpRpcReply("t3", null, null)
                        : new CwmpRpcReply("t3", null, BusError.of("offline", "device CPE.1 cannot be reached"));
                case "GetRPCMethods" -> new CwmpRpcReply("t4", null, BusError.of("timeout", "no answer in " + req.timeoutMs() + " ms"));
                case "xml" -> new CwmpRpcReply("t5", Json.MAPPER.createObjectNode(), null);
                default -> new CwmpRpcReply(null, null, BusError.of("invalid", "unknown rpc " + req.rpc()));
            };
            api.bus().reply(m, reply);
        });
    }

    @Test
    void getParameterValuesReturnsTheLuaShape() throws Exception {
        fakeAcs();
        Http.Resp r = api.http().post("/api/devices/CPE.1/cwmp",
                Map.of("rpc", "GetParameterValues", "args", Map.of("names", List.of("Device.DeviceInfo.SoftwareVersion")), "timeout_ms", 2000));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().path("task_id").asText()).isEqualTo("t1");
        assertThat(r.json().path("result").path("Device.DeviceInfo.SoftwareVersion").asText())
                .isEqualTo("value-of-Device.DeviceInfo.SoftwareVersion@CPE.1");
        CwmpRpcRequest sent = received.poll(5, TimeUnit.SECONDS);
        assertThat(sent.mode()).isEqualTo("now");
        assertThat(sent.timeoutMs()).isEqualTo(2000L);
    }

    @Test
    void setParameterValuesAndACpeFault() {
        fakeAcs();
        Http.Resp ok = api.http().post("/api/devices/CPE.1/cwmp",
                Map.of("rpc", "SetParameterValues", "args", Map.of("values", Map.of("Device.X", "1"))));
        assertThat(ok.json().path("result").path("status").asInt()).isZero();

        Http.Resp fault = api.http().post("/api/devices/CPE.1/cwmp",
                Map.of("rpc", "SetParameterValues", "args", Map.of("values", Map.of("Device.Bad", "1"))));
        assertThat(fault.status()).isEqualTo(422);
        JsonNode body = fault.json();
        assertThat(body.path("error").path("code").asText()).isEqualTo("9003");
        assertThat(body.path("task_id").asText()).isEqualTo("t2");
        assertThat(body.path("fault").path("error_code").asText()).isEqualTo("9003");
        assertThat(body.path("fault").path("error_message").asText()).isEqualTo("Invalid arguments");
        assertThat(body.path("fault").path("parameter_faults").get(0).path("fault_code").asText()).isEqualTo("9007");
    }

    @Test
    void offlineTimeoutAndQueuedForNextInform() {
        fakeAcs();
        Http.Resp offline = api.http().post("/api/devices/CPE.1/cwmp", Map.of("rpc", "Reboot", "args", Map.of("command_key", "k")));
        assertThat(offline.status()).isEqualTo(409);
        assertThat(offline.errorCode()).isEqualTo("offline");

        Http.Resp timeout = api.http().post("/api/devices/CPE.1/cwmp", Map.of("rpc", "GetRPCMethods"));
        assertThat(timeout.status()).isEqualTo(504);
        assertThat(timeout.errorCode()).isEqualTo("timeout");

        Http.Resp queued = api.http().post("/api/devices/CPE.1/cwmp", Map.of("rpc", "Reboot", "mode", "next_inform"));
        assertThat(queued.status()).isEqualTo(202);
        assertThat(queued.json().path("task_id").asText()).isEqualTo("t3");
        assertThat(queued.json().path("state").asText()).isEqualTo("queued");

        Http.Resp xml = api.http().post("/api/devices/CPE.1/cwmp", Map.of("xml", "<soap:Envelope/>"));
        assertThat(xml.status()).isEqualTo(200);
        assertThat(xml.json().path("result").isObject()).isTrue();

        Http.Resp invalid = api.http().post("/api/devices/CPE.1/cwmp", Map.of("rpc", "Frobnicate"));
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.errorCode()).isEqualTo("invalid");
    }

    @Test
    void noAcsRunningIs503() {
        Http.Resp r = api.http().post("/api/devices/CPE.1/cwmp", Map.of("rpc", "GetRPCMethods"));
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.errorCode()).isEqualTo("unavailable");
        assertThat(r.json().path("error").path("message").asText()).contains("ACS");
    }

    @Test
    void requestsAreValidatedBeforeAnythingIsSent() {
        fakeAcs();
        String path = "/api/devices/CPE.1/cwmp";
        assertThat(api.http().post(path, Map.of()).status()).isEqualTo(400);
        assertThat(api.http().post(path, Map.of("rpc", "Reboot", "xml", "<x/>")).status()).isEqualTo(400);
        assertThat(api.http().post(path, Map.of("rpc", "Reboot", "mode", "later")).status()).isEqualTo(400);
        assertThat(api.http().post(path, Map.of("rpc", "Reboot", "timeout_ms", 0)).status()).isEqualTo(400);
        assertThat(api.http().post(path, Map.of("rpc", "Reboot", "timeout_ms", "soon")).status()).isEqualTo(400);
        assertThat(api.http().post(path, Map.of("rpc", "Reboot", "args", List.of(1))).status()).isEqualTo(400);
        assertThat(api.http().post(path, Map.of("rpc", "bad name!")).status()).isEqualTo(400);
        assertThat(api.http().post("/api/devices/NOPE/cwmp", Map.of("rpc", "Reboot")).status()).isEqualTo(404);
        Http.Resp usp = api.http().post("/api/devices/proto::agent/cwmp", Map.of("rpc", "Reboot"));
        assertThat(usp.status()).isEqualTo(409);
        assertThat(usp.errorCode()).isEqualTo("wrong_protocol");
        assertThat(received).isEmpty();
    }
}
