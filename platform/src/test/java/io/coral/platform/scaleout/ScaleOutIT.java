package io.coral.platform.scaleout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.coral.bus.testing.NatsServerFixture;
import io.coral.controller.testing.MosquittoFixture;
import io.coral.platform.CoralPlatform;
import io.coral.platform.config.Role;
import io.coral.platform.testing.ApiFixture;
import io.coral.platform.testing.Http;
import io.coral.simulator.usp.UspFleet;
import io.coral.store.embedded.EmbeddedMongo;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Roles in separate platform instances that meet only over real NATS, a MongoDB-wire store and (for USP)
 * a real Mosquitto; each test uses its own bus prefix and controller topic on the shared servers.
 */
class ScaleOutIT {
    NatsServerFixture nats;
    EmbeddedMongo mongo;
    CoralPlatform acs;
    CoralPlatform usp;
    CoralPlatform api;
    UspFleet agents;
    String prefix;

    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path dataDir;

    @BeforeEach
    void start() {
        nats = NatsServerFixture.shared();
        mongo = EmbeddedMongo.inMemory();
        prefix = "t" + UUID.randomUUID().toString().substring(0, 8);
        acs = CoralPlatform.builder().roles(Role.ACS).natsUrl(nats.url()).mongoUri(mongo.uri()).busPrefix(prefix)
                .dataDir(dataDir).host("127.0.0.1").httpPort(0).acsPort(0).start();
        api = CoralPlatform.builder().roles(Role.API).natsUrl(nats.url()).mongoUri(mongo.uri()).busPrefix(prefix)
                .dataDir(dataDir).host("127.0.0.1").httpPort(0).adminToken(ApiFixture.ADMIN).start();
    }

    @AfterEach
    void stop() {
        if (agents != null) {
            agents.close();
        }
        if (usp != null) {
            usp.close();
        }
        if (api != null) {
            api.close();
        }
        if (acs != null) {
            acs.close();
        }
        if (mongo != null) {
            mongo.close();
        }
    }

    @Test
    void theApiReachesTheAcsOverNatsAndEveryRoleHasAHealthCheck() {
        Http http = new Http("http://127.0.0.1:" + api.httpPort(), ApiFixture.ADMIN);
        api.store().devices().saveAll(List.of(ApiFixture.cwmpDevice("SCALE-1", "Acme", "R1", 2, Instant.now())));

        Http.Resp queued = http.post("/api/devices/SCALE-1/cwmp", Map.of("rpc", "Reboot", "args", Map.of("command_key", "it"),
                "mode", "next_inform"));
        assertThat(queued.status()).as(queued.body()).isEqualTo(202);
        String taskId = queued.json().path("task_id").asText();
        assertThat(taskId).isNotBlank();
        JsonNode tasks = http.get("/api/tasks?sn=SCALE-1").json();
        assertThat(tasks.path("items").get(0).path("id").asText()).isEqualTo(taskId);
        assertThat(tasks.path("items").get(0).path("kind").asText()).isEqualTo("Reboot");
        assertThat(tasks.path("items").get(0).path("state").asText()).isEqualTo("queued");

        Http acsHealth = new Http("http://127.0.0.1:" + acs.httpPort(), null);
        JsonNode health = acsHealth.get("/api/health").json();
        assertThat(health.path("status").asText()).isEqualTo("ok");
        assertThat(health.path("roles").toString()).isEqualTo("[\"acs\"]");
        assertThat(acsHealth.get("/api/devices").status()).isEqualTo(404);
        assertThat(acs.acsPort()).isPositive();

        // the api instance counts the ACS's events from NATS
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(http.get("/metrics").body()).contains("coral_cwmp_requests_total{outcome=\"ok\"} 1.0"));
    }

    @Test
    void aUspAgentOnMosquittoIsReachedThroughAControllerInItsOwnInstance() throws Exception {
        String mqtt = MosquittoFixture.url();
        String controllerId = "proto::coral-" + prefix;
        String topic = "usp/controller/" + prefix;
        usp = CoralPlatform.builder().roles(Role.USP).natsUrl(nats.url()).mongoUri(mongo.uri()).busPrefix(prefix)
                .mqttUrl(mqtt).uspEndpointId(controllerId).uspTopic(topic).dataDir(dataDir).host("127.0.0.1").httpPort(0).start();
        assertThat(usp.endpoints()).containsKey("usp").doesNotContainKey("mqtt");
        agents = UspFleet.builder().brokerUrl(mqtt).prefix("SO" + prefix).count(1).controllerId(controllerId)
                .controllerTopic(topic).agentTopicPrefix("usp/agent/" + prefix + "/").model("tr181").build();
        agents.start();
        String agentId = agents.agents().get(0).endpointId();
        Http http = new Http("http://127.0.0.1:" + api.httpPort(), ApiFixture.ADMIN);
        await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/api/devices/" + agentId).json().path("status").asInt() == 2);

        Map<String, Object> get = Map.of("header", Map.of("msg_type", "GET"),
                "body", Map.of("request", Map.of("get", Map.of("param_paths", List.of("Device.DeviceInfo.")))));
        Http.Resp r = http.post("/api/devices/" + agentId + "/usp", Map.of("msg", get, "timeout_ms", 10000));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("SoftwareVersion");
        assertThat(new Http("http://127.0.0.1:" + usp.httpPort(), null).get("/api/health").json().path("roles").toString())
                .isEqualTo("[\"usp\"]");
    }

    @Test
    void withoutTheAcsRoleCwmpCommandsAre503() {
        acs.close();
        acs = null;
        Http http = new Http("http://127.0.0.1:" + api.httpPort(), ApiFixture.ADMIN);
        api.store().devices().saveAll(List.of(ApiFixture.cwmpDevice("SCALE-2", "Acme", "R1", 2, Instant.now())));
        Http.Resp r = http.post("/api/devices/SCALE-2/cwmp", Map.of("rpc", "Reboot", "mode", "next_inform"));
        assertThat(r.status()).as(r.body()).isEqualTo(503);
        assertThat(r.errorCode()).isEqualTo("unavailable");
    }
}
