package io.coral.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.coral.bus.event.EventCode;
import io.coral.bus.event.InformEvent;
import io.coral.bus.event.TransferEvent;
import io.coral.platform.CoralPlatform;
import io.coral.platform.config.Role;
import io.coral.simulator.cwmp.CwmpCpe;
import io.coral.simulator.cwmp.CwmpFleet;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The one-JVM platform on embedded defaults and a simulated TR-098 CPE over real HTTP: the device
 * appears, every CWMP RPC goes through the REST API and reaches the CPE, and the user's Lua
 * examples run unchanged through the scripts API.
 */
class CwmpWholeStackIT {
    static final String SN = "HUAWNFYC-35454645"; // the serial number the user's Lua examples use
    static final String WLAN = "InternetGatewayDevice.LANDevice.1.WLANConfiguration.";

    static CoralPlatform platform;
    static CwmpFleet fleet;
    static CwmpCpe cpe;
    static Api api;
    static HttpServer files;
    static final List<InformEvent> informs = new CopyOnWriteArrayList<>();
    static final List<TransferEvent> transfers = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        platform = CoralPlatform.builder().inMemoryStore().host("127.0.0.1").httpPort(0).acsPort(0)
                .roles(Role.ACS, Role.SCRIPTS, Role.API).adminToken("it-admin-token-0123456789").start();
        api = new Api(platform.httpPort(), "it-admin-token-0123456789");
        platform.bus().subscribeEvents("it-informs", platform.bus().subjects().cwmpInformAll(), Duration.ofSeconds(5), e -> {
            informs.add(e.decode(InformEvent.class));
            e.ack();
        });
        platform.bus().subscribeEvents("it-transfers", "coral.events.cwmp.transfer.*", Duration.ofSeconds(5), e -> {
            transfers.add(e.decode(TransferEvent.class));
            e.ack();
        });
        files = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        files.createContext("/fw.bin", ex -> {
            byte[] body = new byte[64 * 1024];
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        files.start();
        fleet = CwmpFleet.builder().acsUrl("http://127.0.0.1:" + platform.acsPort() + "/").serial(SN).model("tr098")
                .periodicInterval(300).connectionRequestHost("127.0.0.1").connectionRequestPort(0)
                .rebootDelay(Duration.ofMillis(100)).build();
        fleet.start();
        cpe = fleet.cpe(SN);
        await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/api/devices/" + SN).status() == 200
                && api.get("/api/devices/" + SN).json().path("status").asInt() == 2);
    }

    @AfterAll
    static void stop() {
        if (fleet != null) fleet.close();
        if (platform != null) platform.close();
        if (files != null) files.stop(0);
    }

    static JsonNode rpc(String rpc, Map<String, Object> args) {
        Api.Resp r = api.post("/api/devices/" + SN + "/cwmp", Map.of("rpc", rpc, "args", args, "timeout_ms", 20000));
        assertThat(r.status()).as("%s → %s", rpc, r).isEqualTo(200);
        assertThat(r.json().path("task_id").asText()).isNotBlank();
        return r.json().path("result");
    }

    @Test
    void deviceAppearsWithIdentityAndInformParameters() {
        JsonNode d = api.get("/api/devices/" + SN).json();
        assertThat(d.path("vendor").asText()).isEqualTo("Coral Networks");
        assertThat(d.path("data_model").asText()).isEqualTo("TR-098");
        assertThat(d.path("cwmp").path("connection_request_url").asText()).startsWith("http://127.0.0.1:");
        JsonNode list = api.get("/api/devices?protocol=cwmp&q=HUAWNFYC").json();
        assertThat(list.path("total").asInt()).isEqualTo(1);
        JsonNode params = api.get("/api/devices/" + SN + "/parameters?prefix=InternetGatewayDevice.DeviceInfo.").json();
        assertThat(params.toString()).contains("InternetGatewayDevice.DeviceInfo.SoftwareVersion");
        assertThat(informs).anySatisfy(e -> assertThat(e.events()).extracting(EventCode::index).contains("0"));
    }

    @Test
    void getAndSetParameterValuesReachTheCpe() throws Exception {
        JsonNode got = rpc("GetParameterValues", Map.of("names", List.of("InternetGatewayDevice.DeviceInfo.SoftwareVersion")));
        assertThat(got.toString()).contains(cpe.model().get("InternetGatewayDevice.DeviceInfo.SoftwareVersion"));

        rpc("SetParameterValues", Map.of("values", Map.of(WLAN + "1.SSID", "it-ssid"), "parameter_key", "it-1"));
        assertThat(cpe.model().get(WLAN + "1.SSID")).isEqualTo("it-ssid");
    }

    @Test
    void cpeFaultComesBackWhole() {
        Api.Resp r = api.post("/api/devices/" + SN + "/cwmp", Map.of("rpc", "SetParameterValues",
                "args", Map.of("values", Map.of("InternetGatewayDevice.DeviceInfo.SerialNumber", "x"))));
        assertThat(r.status()).as(r.toString()).isBetween(400, 499);
        assertThat(r.body()).contains("9008");
    }

    @Test
    void addDeleteObjectAndNames() throws Exception {
        JsonNode added = rpc("AddObject", Map.of("object_name", WLAN));
        int n = added.path("instance_number").asInt();
        assertThat(n).isGreaterThan(2);
        assertThat(cpe.model().instances("InternetGatewayDevice.LANDevice.1.WLANConfiguration.")).contains(n);

        JsonNode names = rpc("GetParameterNames", Map.of("path", WLAN + n + ".", "next_level", true));
        assertThat(names.toString()).contains(WLAN + n + ".SSID");

        rpc("DeleteObject", Map.of("object_name", WLAN + n + "."));
        assertThat(cpe.model().instances("InternetGatewayDevice.LANDevice.1.WLANConfiguration.")).doesNotContain(n);
    }

    @Test
    void attributesAndRpcMethods() {
        rpc("SetParameterAttributes", Map.of("attributes", List.of(Map.of("name", WLAN + "1.Channel",
                "notification_change", true, "notification", 2))));
        JsonNode attrs = rpc("GetParameterAttributes", Map.of("names", List.of(WLAN + "1.Channel")));
        assertThat(attrs.toString()).contains("\"notification\":2");
        assertThat(rpc("GetRPCMethods", Map.of()).toString()).contains("GetParameterValues", "Download");
    }

    @Test
    void rebootComesBackWithMReboot() {
        int before = informs.size();
        rpc("Reboot", Map.of("command_key", "it-reboot"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<InformEvent> seen = List.copyOf(informs);
            assertThat(seen.subList(before, seen.size()))
                    .anySatisfy(e -> assertThat(e.events()).extracting(EventCode::code).contains("M Reboot", "1 BOOT"));
        });
    }

    @Test
    void downloadEndsWithTransferComplete() {
        String url = "http://127.0.0.1:" + files.getAddress().getPort() + "/fw.bin";
        rpc("Download", Map.of("command_key", "it-dl", "file_type", "1 Firmware Upgrade Image", "url", url, "file_size", 65536));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(transfers)
                .anySatisfy(t -> {
                    assertThat(t.commandKey()).isEqualTo("it-dl");
                    assertThat(t.faultCode()).isZero();
                }));
    }

    @Test
    void nextInformTaskRunsAtTheNextSession() {
        Api.Resp r = api.post("/api/devices/" + SN + "/cwmp", Map.of("rpc", "GetParameterValues", "mode", "next_inform",
                "args", Map.of("names", List.of("InternetGatewayDevice.DeviceInfo.HardwareVersion"))));
        assertThat(r.status()).as(r.toString()).isBetween(200, 202);
        String taskId = r.json().path("task_id").asText();
        assertThat(taskId).isNotBlank();
        cpe.connectionRequest();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                api.get("/api/tasks?sn=" + SN).body()).contains(taskId).contains("\"done\""));
    }

    @Test
    void userLuaExamplesRunUnchanged() throws Exception {
        String gpv = resource("lua/user-examples/get-parameter-values.lua");
        String spv = resource("lua/user-examples/set-parameter-values.lua");
        String getDevice = resource("lua/user-examples/get-device.lua");
        assertThat(runScript("example-gpv", gpv)).contains(WLAN + "1.SSID: ");
        assertThat(runScript("example-spv", spv)).contains("SetParameterValues worked");
        assertThat(cpe.model().get(WLAN + "1.Enable")).isIn("1", "true");
        assertThat(runScript("example-get-device", getDevice)).contains(SN);
    }

    @Test
    void luaFunctionsAgainstTheRealAcs() throws Exception {
        String log = runScript("functions-tour", resource("lua/functions-tour.lua"));
        assertThat(log).contains("device " + SN + " cwmp=true model=TR-098", "missing false", "alias true",
                "stored sw " + cpe.model().get("InternetGatewayDevice.DeviceInfo.SoftwareVersion"),
                "rpc hw " + cpe.model().get("InternetGatewayDevice.DeviceInfo.HardwareVersion"),
                "deleted true", "fault 9003 9008", "task true", "refresh true", "credential true tour-user",
                "ids 1,2", "json {\\\"a\\\":1} 2");
        assertThat(log).containsPattern("names \\d+ writable \\d+").containsPattern("added \\d+");
        assertThat(api.get("/api/devices/" + SN).json().path("alias").asText()).isEqualTo("lab-router");
    }

    @Test
    void listenerLoopExampleSeesPeriodicInforms() throws Exception {
        String loop = resource("lua/user-examples/listen-loop.lua");
        Api.Resp created = api.post("/api/scripts", Map.of("name", "example-listen", "content", loop));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(api.post("/api/scripts/example-listen/activate", Map.of()).status()).isEqualTo(200);
        try (CwmpFleet periodic = CwmpFleet.builder().acsUrl("http://127.0.0.1:" + platform.acsPort() + "/")
                .serial("PERIODIC-1").model("tr181").periodicInterval(1).connectionRequestHost("127.0.0.1")
                .connectionRequestPort(0).build()) {
            periodic.start();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode runs = api.get("/api/scripts/example-listen/runs").json();
                String runId = runs.path("items").path(0).path("id").asText();
                assertThat(api.get("/api/runs/" + runId).body()).contains("CWMP event 2, triggered by device: PERIODIC-1");
            });
        } finally {
            api.post("/api/scripts/example-listen/deactivate", Map.of());
        }
    }

    private static String runScript(String name, String content) {
        Api.Resp created = api.post("/api/scripts", Map.of("name", name, "content", content));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        Api.Resp run = api.post("/api/scripts/" + name + "/run", Map.of());
        assertThat(run.status()).as(run.toString()).isEqualTo(202);
        String id = run.json().path("run_id").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> !api.get("/api/runs/" + id).json().path("outcome").asText().equals("running"));
        JsonNode done = api.get("/api/runs/" + id).json();
        assertThat(done.path("outcome").asText()).as(done.toString()).isEqualTo("ok");
        return done.path("log").toString();
    }

    static String resource(String path) throws Exception {
        try (var in = CwmpWholeStackIT.class.getClassLoader().getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
