package io.coral.platform.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.coral.bus.Json;
import io.coral.bus.Subjects;
import io.coral.bus.command.BusError;
import io.coral.bus.command.UspMsgReply;
import io.coral.bus.command.UspMsgRequest;
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

/** POST /api/devices/{sn}/usp against a fake controller answering on usp.msg.*. */
class UspApiTest {
    @RegisterExtension
    final ApiFixture api = new ApiFixture();

    final LinkedBlockingQueue<String[]> received = new LinkedBlockingQueue<>();

    static final Map<String, Object> GET = Map.of("header", Map.of("msg_type", "GET"),
            "body", Map.of("request", Map.of("get", Map.of("param_paths", List.of("Device.DeviceInfo.")))));

    @BeforeEach
    void seed() {
        api.seed(List.of(ApiFixture.uspDevice("os::012345-AGENT", "Acme", "U", 2, Instant.now()),
                ApiFixture.cwmpDevice("CPE1", "Acme", "R", 2, Instant.now())));
        api.bus().subscribe(api.bus().subjects().uspMsgAll(), "usp", m -> {
            UspMsgRequest req = m.decode(UspMsgRequest.class);
            received.add(new String[] {Subjects.lastToken(m.subject()), req.msg()});
            JsonNode msg = Json.MAPPER.readTree(req.msg());
            if (msg.path("body").path("request").has("set")) {
                api.bus().reply(m, new UspMsgReply(null, new BusError("7004", "Invalid arguments",
                        Json.MAPPER.readTree("{\"param_errors\":[{\"param_path\":\"Device.X\",\"err_code\":7012}]}"))));
                return;
            }
            api.bus().reply(m, new UspMsgReply("{\"header\":{\"msgId\":\"1\",\"msgType\":\"GET_RESP\"},\"body\":{\"response\":{\"getResp\":"
                    + "{\"reqPathResults\":[{\"requestedPath\":\"Device.DeviceInfo.\",\"resolvedPathResults\":[{\"resolvedPath\":"
                    + "\"Device.DeviceInfo.\",\"resultParams\":{\"SoftwareVersion\":\"2.0\"}}]}]}}}}", null));
        });
    }

    @Test
    void aGetIsSentToTheAgentAndItsResponseReturnedAsJson() throws Exception {
        Http.Resp r = api.http().post("/api/devices/os::012345-AGENT/usp", Map.of("msg", GET, "timeout_ms", 3000));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().path("msg").path("header").path("msgType").asText()).isEqualTo("GET_RESP");
        assertThat(r.json().at("/msg/body/response/getResp/reqPathResults/0/resolvedPathResults/0/resultParams/SoftwareVersion").asText())
                .isEqualTo("2.0");
        String[] sent = received.poll(5, TimeUnit.SECONDS);
        assertThat(sent[0]).isEqualTo("os::012345-AGENT");
        assertThat(Json.MAPPER.readTree(sent[1]).path("header").path("msg_type").asText()).isEqualTo("GET");

        Http.Resp asString = api.http().post("/api/devices/os::012345-AGENT/usp", Map.of("msg", Json.MAPPER.writeValueAsString(GET)));
        assertThat(asString.status()).isEqualTo(200);
    }

    @Test
    void aUspErrorIsA422WithTheFault() {
        Map<String, Object> set = Map.of("header", Map.of("msg_type", "SET"), "body", Map.of("request", Map.of("set", Map.of())));
        Http.Resp r = api.http().post("/api/devices/os::012345-AGENT/usp", Map.of("msg", set));
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.errorCode()).isEqualTo("7004");
        assertThat(r.json().path("fault").path("error_code").asText()).isEqualTo("7004");
        assertThat(r.json().path("fault").path("param_errors").get(0).path("err_code").asInt()).isEqualTo(7012);
    }

    @Test
    void badRequestsAndWrongTargets() {
        String path = "/api/devices/os::012345-AGENT/usp";
        assertThat(api.http().post(path, Map.of()).status()).isEqualTo(400);
        assertThat(api.http().post(path, Map.of("msg", "not json")).status()).isEqualTo(400);
        assertThat(api.http().post(path, Map.of("msg", List.of())).status()).isEqualTo(400);
        assertThat(api.http().post(path, Map.of("msg", GET, "timeout_ms", -5)).status()).isEqualTo(400);
        assertThat(api.http().post("/api/devices/unknown/usp", Map.of("msg", GET)).status()).isEqualTo(404);
        assertThat(api.http().post("/api/devices/CPE1/usp", Map.of("msg", GET)).errorCode()).isEqualTo("wrong_protocol");
        assertThat(received).isEmpty();
    }
}
