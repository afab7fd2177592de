package io.coral.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.coral.bus.Subscription;
import io.coral.bus.event.InformEvent;
import io.coral.bus.testing.NatsServerFixture;
import io.coral.controller.testing.MosquittoFixture;
import io.coral.platform.CoralPlatform;
import io.coral.platform.config.Role;
import io.coral.simulator.cwmp.CwmpCpe;
import io.coral.simulator.cwmp.CwmpFleet;
import io.coral.simulator.usp.UspFleet;
import io.coral.store.embedded.EmbeddedMongo;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scale-out mode: the ACS, the USP controller, the script engine and the REST API each in their own
 * platform instance, meeting only over a real nats-server and a MongoDB-wire store, with a simulated CPE
 * over HTTP and a simulated USP agent (MQTT 5) through Mosquitto.
 * Roles are killed and restarted; no task and no event is lost.
 */
class ScaleOutWholeStackIT {
    static final String ADMIN = "scale-out-admin-token-0123";
    static final String SN = "SCALE-CPE-1";

    NatsServerFixture nats;
    EmbeddedMongo mongo;
    String prefix;
    int acsPort;
    CoralPlatform api;
    CoralPlatform acs;
    CoralPlatform scripts;
    CoralPlatform usp;
    CwmpFleet fleet;
    UspFleet agents;
    String agentId;
    String uspTopic;
    CwmpCpe cpe;
    Api http;

    @TempDir
    Path dataDir;

    @BeforeEach
    void start() throws Exception {
        nats = NatsServerFixture.shared();
        mongo = EmbeddedMongo.inMemory();
        prefix = "so" + UUID.randomUUID().toString().substring(0, 8);
        try (ServerSocket s = new ServerSocket(0)) {
            acsPort = s.getLocalPort(); // the CPE keeps one ACS URL across the ACS restart
        }
        api = role(Role.API).adminToken(ADMIN).start();
        acs = startAcs();
        scripts = startScripts();
        uspTopic = "usp/controller/" + prefix;
        usp = startUsp();
        http = new Api(api.httpPort(), ADMIN);
        fleet = CwmpFleet.builder().acsUrl("http://127.0.0.1:" + acsPort + "/").serial(SN).model("tr181")
                .periodicInterval(300).connectionRequestHost("127.0.0.1").connectionRequestPort(0).build();
        fleet.start();
        cpe = fleet.cpe(SN);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Api.Resp r = http.get("/api/devices/" + SN);
            return r.status() == 200 && r.json().path("status").asInt() == 2;
        });
    }

    private CoralPlatform.Builder role(Role role) {
        return CoralPlatform.builder().roles(role).natsUrl(nats.url()).mongoUri(mongo.uri()).busPrefix(prefix)
                .dataDir(dataDir).host("127.0.0.1").httpPort(0);
    }

    private CoralPlatform startAcs() {
        return role(Role.ACS).acsPort(acsPort).instanceId("acs-1").start();
    }

    private CoralPlatform startUsp() {
        return role(Role.USP).mqttUrl(MosquittoFixture.url()).uspTopic(uspTopic).instanceId("usp-1").start();
    }

    private void startAgent() throws Exception {
        agents = UspFleet.builder().brokerUrl(MosquittoFixture.url()).serial("SO" + prefix).mqttVersion("5")
                .controllerTopic(uspTopic).build();
        agents.start();
        agentId = agents.agents().get(0).endpointId();
        awaitOnline(agentId);
    }

    private void awaitOnline(String id) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Api.Resp r = http.get("/api/devices/" + Api.enc(id));
            return r.status() == 200 && r.json().path("status").asInt() == 2;
        });
    }

    private JsonNode uspGet(String path) {
        Map<String, Object> msg = Map.of("header", Map.of("msgId", "so-" + System.nanoTime(), "msgType", "GET"),
                "body", Map.of("request", Map.of("get", Map.of("paramPaths", List.of(path)))));
        Api.Resp r = http.post("/api/devices/" + Api.enc(agentId) + "/usp", Map.of("msg", msg, "timeout_ms", 15000));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    private CoralPlatform startScripts() {
        return role(Role.SCRIPTS).instanceId("scripts-1").start();
    }

    @AfterEach
    void stop() {
        for (AutoCloseable c : new AutoCloseable[] {agents, fleet, usp, scripts, acs, api, mongo}) {
            try {
                if (c != null) c.close();
            } catch (Exception ignored) {
                // best effort: the next resource still gets closed
            }
        }
    }

    @Test
    void restAcsAndScriptsMeetOverNats() {
        Api.Resp r = http.post("/api/devices/" + SN + "/cwmp", Map.of("rpc", "GetParameterValues",
                "args", Map.of("names", List.of("Device.DeviceInfo.SerialNumber"))));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().path("result").path("Device.DeviceInfo.SerialNumber").asText()).isEqualTo(SN);

        String lua = """
                local d = get_device("%s")
                print("status " .. d.status)
                local v = send_cwmp_rpc("%s", "GetParameterValues", {names = {"Device.DeviceInfo.Manufacturer"}})
                print("manufacturer " .. v["Device.DeviceInfo.Manufacturer"])
                """.formatted(SN, SN);
        assertThat(http.post("/api/scripts", Map.of("name", "so-gpv", "content", lua)).status()).isEqualTo(201);
        String runId = http.post("/api/scripts/so-gpv/run", Map.of()).json().path("run_id").asText();
        JsonNode run = awaitRun(runId);
        assertThat(run.path("outcome").asText()).as(run.toString()).isEqualTo("ok");
        assertThat(run.path("log").toString()).contains("status 2", "manufacturer ");
    }

    @Test
    void aTaskQueuedBeforeTheAcsDiesRunsAfterItRestarts() throws Exception {
        Api.Resp queued = http.post("/api/devices/" + SN + "/cwmp", Map.of("rpc", "SetParameterValues", "mode", "next_inform",
                "args", Map.of("values", Map.of("Device.WiFi.SSID.1.SSID", "after-restart"))));
        assertThat(queued.status()).as(queued.toString()).isEqualTo(202);
        String taskId = queued.json().path("task_id").asText();

        acs.close();
        acs = startAcs();
        cpe.connectionRequest(); // the CPE's next session reaches the new ACS instance

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(cpe.model().get("Device.WiFi.SSID.1.SSID")).isEqualTo("after-restart"));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(http.get("/api/tasks?sn=" + SN).body()).contains(taskId).contains("\"done\""));
    }

    @Test
    void eventsPublishedWhileTheScriptEngineIsDownAreNotLost() {
        Api.Resp created = http.post("/api/scripts", Map.of("name", "so-on-inform", "active", true,
                "triggers", List.of("cwmp.inform.*"),
                "content", "print('inform from ' .. event.serial_number .. ' codes ' .. table.concat(event.codes, ','))"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(15)).until(() -> http.get("/api/scripts/so-on-inform").json().path("state").asText().equals("running"));

        cpe.connectionRequest(); // a live Inform starts a run
        await().atMost(Duration.ofSeconds(30)).until(() -> triggeredRuns() >= 1);

        scripts.close();
        List<InformEvent> seen = new CopyOnWriteArrayList<>();
        try (Subscription sub = api.bus().subscribe(api.bus().subjects().cwmpInformAll(), null,
                m -> seen.add(m.decode(InformEvent.class)))) {
            cpe.connectionRequest(); // an Inform with 6 CONNECTION REQUEST while no engine runs
            await().atMost(Duration.ofSeconds(15)).until(() -> seen.stream()
                    .anyMatch(e -> e.events().stream().anyMatch(c -> "6".equals(c.index()))));
        }
        scripts = startScripts();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode runs = http.get("/api/scripts/so-on-inform/runs").json().path("items");
            boolean found = false;
            for (JsonNode r : runs) {
                String log = http.get("/api/runs/" + r.path("id").asText()).body();
                found |= log.contains("inform from " + SN) && log.contains("6 CONNECTION REQUEST");
            }
            assertThat(found).as(runs.toString()).isTrue();
        });
    }

    @Test
    void uspRoleOverMosquittoSurvivesARestart() throws Exception {
        startAgent();
        assertThat(uspGet("Device.DeviceInfo.SerialNumber").toString()).contains("SO" + prefix);

        usp.close();
        usp = startUsp();
        awaitOnline(agentId);
        assertThat(uspGet("Device.DeviceInfo.Manufacturer").toString()).contains("get_resp");
    }

    private int triggeredRuns() {
        return http.get("/api/scripts/so-on-inform/runs").json().path("items").size();
    }

    private JsonNode awaitRun(String id) {
        await().atMost(Duration.ofSeconds(30)).until(() -> !http.get("/api/runs/" + id).json().path("outcome").asText().equals("running"));
        return http.get("/api/runs/" + id).json();
    }
}
