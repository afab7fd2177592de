package io.coral.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.coral.bus.event.UspNotifyEvent;
import io.coral.platform.CoralPlatform;
import io.coral.simulator.usp.UspAgent;
import io.coral.simulator.usp.UspFleet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The one-JVM platform and a simulated USP agent over a real MQTT broker: the agent
 * appears online, every USP message goes through the REST API and reaches the agent, notifications
 * reach the bus, and a Lua script talks USP.
 */
abstract class UspWholeStack {
    static CoralPlatform platform;
    static UspFleet fleet;
    static UspAgent agent;
    static String eid;
    static String agentBrokerUrl;
    static String agentMqttVersion;
    static String agentControllerTopic;
    static Api api;
    static final List<UspNotifyEvent> notifies = new CopyOnWriteArrayList<>();

    /** Starts the platform and one agent; subclasses choose the broker and MQTT version. */
    static void start(CoralPlatform.Builder builder, String brokerUrl, String mqttVersion, String controllerTopic) throws Exception {
        notifies.clear();
        platform = builder.uspTopic(controllerTopic).inMemoryStore().host("127.0.0.1").httpPort(0).acsPort(0)
                .adminToken("it-admin-token-0123456789").start();
        api = new Api(platform.httpPort(), "it-admin-token-0123456789");
        platform.bus().subscribeEvents("it-usp-notify", "coral.events.usp.notify.*", Duration.ofSeconds(5), e -> {
            notifies.add(e.decode(UspNotifyEvent.class));
            e.ack();
        });
        String url = brokerUrl != null ? brokerUrl : "tcp://127.0.0.1:" + platform.mqttPort();
        fleet = UspFleet.builder().brokerUrl(url).serial("USPIT" + mqttVersion.replace(".", "")).mqttVersion(mqttVersion)
                .controllerTopic(controllerTopic).build();
        fleet.start();
        agentBrokerUrl = url;
        agentMqttVersion = mqttVersion;
        agentControllerTopic = controllerTopic;
        agent = fleet.agents().get(0);
        eid = agent.endpointId();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Api.Resp r = api.get("/api/devices/" + Api.enc(eid));
            return r.status() == 200 && r.json().path("status").asInt() == 2;
        });
    }

    @AfterAll
    static void stop() {
        if (fleet != null) fleet.close();
        if (platform != null) platform.close();
    }

    static JsonNode usp(String msgType, String bodyField, Object request) {
        Map<String, Object> msg = Map.of(
                "header", Map.of("msgId", "it-" + System.nanoTime(), "msgType", msgType),
                "body", Map.of("request", Map.of(bodyField, request)));
        Api.Resp r = api.post("/api/devices/" + Api.enc(eid) + "/usp", Map.of("msg", msg, "timeout_ms", 15000));
        assertThat(r.status()).as("%s → %s", msgType, r).isEqualTo(200);
        return r.json();
    }

    @Test
    void agentIsKnownWithItsDeviceInfo() {
        JsonNode d = api.get("/api/devices/" + Api.enc(eid)).json();
        assertThat(d.path("usp").path("endpoint_id").asText()).isEqualTo(eid);
        assertThat(api.get("/api/devices?protocol=usp").json().path("total").asInt()).isPositive();
    }

    @Test
    void getSetAddDeleteReachTheAgent() throws Exception {
        JsonNode get = usp("GET", "get", Map.of("paramPaths", List.of("Device.DeviceInfo.SoftwareVersion")));
        assertThat(get.toString()).contains("get_resp", agent.model().get("Device.DeviceInfo.SoftwareVersion"));

        JsonNode set = usp("SET", "set", Map.of("updateObjs", List.of(Map.of("objPath", "Device.WiFi.SSID.1.",
                "paramSettings", List.of(Map.of("param", "SSID", "value", "usp-it", "required", true))))));
        assertThat(set.toString()).contains("set_resp");
        assertThat(agent.model().get("Device.WiFi.SSID.1.SSID")).isEqualTo("usp-it");

        JsonNode add = usp("ADD", "add", Map.of("createObjs", List.of(Map.of("objPath", "Device.IP.Interface."))));
        String instantiated = add.findValue("instantiated_path").asText();
        assertThat(instantiated).startsWith("Device.IP.Interface.");

        JsonNode del = usp("DELETE", "delete", Map.of("objPaths", List.of(instantiated)));
        assertThat(del.toString()).contains("delete_resp", instantiated);
    }

    @Test
    void discoveryMessages() {
        assertThat(usp("GET_SUPPORTED_PROTO", "getSupportedProtocol", Map.of("controllerSupportedProtocolVersions", "1.3,1.4"))
                .toString()).contains("agent_supported_protocol_versions");
        assertThat(usp("GET_INSTANCES", "getInstances", Map.of("objPaths", List.of("Device.WiFi.SSID."), "firstLevelOnly", true))
                .toString()).contains("Device.WiFi.SSID.1.");
        assertThat(usp("GET_SUPPORTED_DM", "getSupportedDm", Map.of("objPaths", List.of("Device.WiFi."), "returnParams", true))
                .toString()).contains("supported_objs");
    }

    @Test
    void invalidPathComesBackAsAnError() {
        JsonNode get = usp("GET", "get", Map.of("paramPaths", List.of("Device.NoSuchThing.")));
        assertThat(get.toString()).contains("7026");
    }

    @Test
    void valueChangeNotificationReachesTheBus() throws Exception {
        usp("ADD", "add", Map.of("createObjs", List.of(Map.of("objPath", "Device.LocalAgent.Subscription.",
                "paramSettings", List.of(
                        Map.of("param", "Enable", "value", "true"),
                        Map.of("param", "ID", "value", "it-vc"),
                        Map.of("param", "NotifType", "value", "ValueChange"),
                        Map.of("param", "ReferenceList", "value", "Device.WiFi.SSID.2.SSID"))))));
        agent.changeLocally("Device.WiFi.SSID.2.SSID", "changed-on-device");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(notifies).anySatisfy(n -> {
            assertThat(n.sn()).isEqualTo(eid);
            assertThat(n.type()).isEqualTo("ValueChange");
            assertThat(n.value()).isEqualTo("changed-on-device");
        }));
    }

    @Test
    void luaListenersHearTheRealController() throws Exception {
        String name = "usp-listeners-" + Math.abs(eid.hashCode());
        String lua = """
                listen_to_new_device("usp", function(d) print("new device " .. d.sn) end)
                listen_to_device_status(function(s) print("status " .. tostring(s.serial_number or s.sn) .. " " .. tostring(s.status)) end)
                while true do
                  local e = listen_to_usp_event("ValueChange")
                  print("usp event " .. e.type .. " " .. e.serial_number .. " " .. tostring(e.value))
                end
                """;
        Api.Resp created = api.post("/api/scripts", Map.of("name", name, "content", lua, "active", true));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/api/scripts/" + name).json().path("state").asText().equals("running"));
        usp("ADD", "add", Map.of("createObjs", List.of(Map.of("objPath", "Device.LocalAgent.Subscription.",
                "paramSettings", List.of(
                        Map.of("param", "Enable", "value", "true"),
                        Map.of("param", "ID", "value", "lua-vc"),
                        Map.of("param", "NotifType", "value", "ValueChange"),
                        Map.of("param", "ReferenceList", "value", "Device.WiFi.SSID.1.Enable"))))));
        try (UspFleet second = UspFleet.builder().brokerUrl(agentBrokerUrl).serial("LUANEW" + Math.abs(eid.hashCode()))
                .mqttVersion(agentMqttVersion).controllerTopic(agentControllerTopic).build()) {
            second.start();
            String newId = second.agents().get(0).endpointId();
            boolean[] flip = {false};
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                flip[0] = !flip[0];
                agent.changeLocally("Device.WiFi.SSID.1.Enable", String.valueOf(flip[0]));
                String id = api.get("/api/scripts/" + name + "/runs").json().path("items").path(0).path("id").asText();
                assertThat(api.get("/api/runs/" + id).body())
                        .contains("new device " + newId, "status " + newId + " 2", "usp event ValueChange " + eid);
            });
        } finally {
            api.post("/api/scripts/" + name + "/deactivate", Map.of());
        }
    }

    @Test
    void luaTalksUsp() {
        String lua = """
                local r = send_usp_message("%s", [[{"header":{"msgId":"lua-1","msgType":"GET"},
                  "body":{"request":{"get":{"paramPaths":["Device.DeviceInfo.Manufacturer"]}}}}]])
                for k, v in pairs(r) do print(k .. "=" .. tostring(v)) end
                """.formatted(eid);
        Api.Resp created = api.post("/api/scripts", Map.of("name", "usp-get-" + eid.hashCode(), "content", lua));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = api.post("/api/scripts/usp-get-" + eid.hashCode() + "/run", Map.of()).json().path("run_id").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> !api.get("/api/runs/" + id).json().path("outcome").asText().equals("running"));
        JsonNode run = api.get("/api/runs/" + id).json();
        assertThat(run.path("outcome").asText()).as(run.toString()).isEqualTo("ok");
        assertThat(run.path("log").toString()).contains("Device.DeviceInfo.Manufacturer=");
    }
}
