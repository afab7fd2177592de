package io.coral.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.coral.platform.testing.ApiFixture;
import io.coral.platform.testing.Http;
import io.coral.simulator.cwmp.CwmpFleet;
import io.coral.simulator.usp.UspFleet;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every role in one platform on embedded defaults (file-backed store, LocalBus, embedded MQTT broker),
 * ports 0, with a simulated CWMP CPE and USP agent: both appear and answer through the REST API.
 */
class AllInOneIT {
    @TempDir
    Path data;

    CoralPlatform platform;
    CwmpFleet cpe;
    UspFleet agent;

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.close();
        }
        if (cpe != null) {
            cpe.close();
        }
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void everyRoleInOneJvmServesCwmpAndUspDevices() throws Exception {
        platform = CoralPlatform.builder().dataDir(data).host("127.0.0.1").httpPort(0).acsPort(0).mqttPort(0)
                .adminToken(ApiFixture.ADMIN).start();
        assertThat(platform.roleNames()).containsExactly("acs", "usp", "scripts", "api");
        assertThat(platform.endpoints()).containsKeys("api", "acs", "mqtt", "usp", "scripts", "store", "bus");
        assertThat(platform.describe()).anySatisfy(l -> assertThat(l).contains("MQTT broker").contains(":" + platform.mqttPort()));
        Http http = new Http("http://127.0.0.1:" + platform.httpPort(), ApiFixture.ADMIN);
        assertThat(http.get("/api/health").json().path("roles").size()).isEqualTo(4);

        cpe = CwmpFleet.builder().acsUrl("http://127.0.0.1:" + platform.acsPort() + "/").serial("AIO-CPE-1").model("tr098")
                .connectionRequestHost("127.0.0.1").connectionRequestPort(0).build();
        cpe.start();
        agent = UspFleet.builder().brokerUrl("tcp://127.0.0.1:" + platform.mqttPort()).serial("AIO-AGENT-1").model("tr181")
                .mqttVersion("3.1.1").build();
        agent.start();
        String agentId = agent.agents().get(0).endpointId();

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode online = http.get("/api/devices?status=online").json();
            assertThat(online.path("total").asInt()).isEqualTo(2);
        });
        assertThat(http.get("/api/devices?protocol=usp").json().path("items").get(0).path("sn").asText()).isEqualTo(agentId);

        await().atMost(Duration.ofSeconds(30)).until(() -> platform.store().devices().find("AIO-CPE-1")
                .map(d -> d.cwmp().connectionRequestUsername() != null).orElse(false));
        Http.Resp gpv = http.post("/api/devices/AIO-CPE-1/cwmp", Map.of("rpc", "GetParameterValues",
                "args", Map.of("names", List.of("InternetGatewayDevice.DeviceInfo.SoftwareVersion"))));
        assertThat(gpv.status()).as(gpv.body()).isEqualTo(200);
        assertThat(gpv.json().path("result").path("InternetGatewayDevice.DeviceInfo.SoftwareVersion").asText()).isEqualTo("1.0.0");

        Map<String, Object> get = Map.of("header", Map.of("msg_type", "GET"),
                "body", Map.of("request", Map.of("get", Map.of("param_paths", List.of("Device.DeviceInfo.SoftwareVersion")))));
        Http.Resp usp = http.post("/api/devices/" + agentId + "/usp", Map.of("msg", get, "timeout_ms", 10000));
        assertThat(usp.status()).as(usp.body()).isEqualTo(200);
        assertThat(usp.body()).contains("SoftwareVersion").contains("1.0.0");

        Http.Resp script = http.post("/api/scripts", Map.of("name", "count", "content",
                "local d = get_all_devices()\nprint('devices: ' .. #d)"));
        assertThat(script.status()).as(script.body()).isEqualTo(201);
        String runId = http.post("/api/scripts/count/run", null).json().path("run_id").asText();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(http.get("/api/runs/" + runId).json().path("log").toString()).contains("devices: 2"));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String metrics = http.get("/metrics").body();
            assertThat(metrics).contains("coral_devices{status=\"online\"} 2.0");
            assertThat(metrics).contains("coral_usp_requests_total{outcome=\"ok\"} 1.0");
            assertThat(metrics).containsPattern("coral_cwmp_informs_total [1-9]");
        });
    }
}
