package io.coral.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coral.bus.Json;
import io.coral.bus.command.CwmpRpcReply;
import io.coral.bus.event.EventCode;
import io.coral.bus.event.InformEvent;
import io.coral.store.Device;
import io.coral.store.Run;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The examples of the user's scripts-cwmp-functions.md, run unchanged, and the lines they print. */
class UserExamplesTest {
    static EngineFixture fx;

    @BeforeAll
    static void start() {
        fx = new EngineFixture();
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    /**
     * The four examples, copied character for character from the user's documentation into
     * {@code src/test/resources/lua/user-examples/} (one copy: integration-tests runs the same files against the
     * real ACS through this module's test-jar).
     */
    static final String GET_EXAMPLE = example("get-parameter-values");
    static final String SET_EXAMPLE = example("set-parameter-values");
    static final String LISTEN_EXAMPLE = example("listen-loop");
    static final String GET_DEVICE_EXAMPLE = example("get-device");

    static String example(String name) {
        String path = "lua/user-examples/" + name + ".lua";
        try (InputStream in = UserExamplesTest.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void getParameterValuesExample() {
        fx.acs = (sn, r) -> new CwmpRpcReply("t1", FunctionLibraryTest.json("""
                {"InternetGatewayDevice.LANDevice.1.WLANConfiguration.1.SSID":"HomeNet",
                 "InternetGatewayDevice.LANDevice.1.WLANConfiguration.1.Enable":"1"}"""), null);
        assertThat(fx.ok(GET_EXAMPLE)).containsExactlyInAnyOrder(
                "InternetGatewayDevice.LANDevice.1.WLANConfiguration.1.SSID: HomeNet",
                "InternetGatewayDevice.LANDevice.1.WLANConfiguration.1.Enable: 1");
        assertThat(fx.cwmpSubjects).contains("HUAWNFYC-35454645");
        fx.acs = (sn, r) -> new CwmpRpcReply(null, null, io.coral.bus.command.BusError.of("offline", "device offline"));
        assertThat(fx.ok(GET_EXAMPLE)).containsExactly("GetParameterValues failed");
    }

    @Test
    void setParameterValuesExample() {
        fx.acs = (sn, r) -> new CwmpRpcReply("t1", Json.MAPPER.createObjectNode().put("status", 0), null);
        assertThat(fx.ok(SET_EXAMPLE)).containsExactly("SetParameterValues worked");
        fx.acs = (sn, r) -> new CwmpRpcReply("t1", null, new io.coral.bus.command.BusError("9008", "Attempt to set a non-writable parameter", null));
        assertThat(fx.ok(SET_EXAMPLE)).containsExactly("SetParameterValues failed");
    }

    @Test
    void listenToCwmpEventLoopSeesEveryPeriodicEvent() throws Exception {
        String name = EngineFixture.uniqueName();
        fx.save(name, LISTEN_EXAMPLE, true, null, null, List.of(), Map.of(), false);
        await().atMost(Duration.ofSeconds(10)).until(() -> fx.engine.listenerCount() > 0);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String sn = "CPE-" + i;
            List<EventCode> codes = i % 4 == 0
                    ? List.of(new EventCode("1", "1 BOOT", null))
                    : List.of(new EventCode("2", "2 PERIODIC", null), new EventCode("4", "4 VALUE CHANGE", null));
            if (i % 4 != 0) {
                expected.add("CWMP event 2, triggered by device: " + sn);
            }
            fx.bus.publishEvent(fx.bus.subjects().cwmpInform(sn), new InformEvent(sn, "00D09E", "IGD", "Acme", "R1", "1.0",
                    "TR-098", codes, Map.of(), false, Instant.now())).get();
        }
        String runId = fx.store.runs().list(name, 1).get(0).id();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(EngineFixture.lines(fx.store.runs().find(runId).orElseThrow())).containsExactlyInAnyOrderElementsOf(expected));
        fx.store.scripts().setActive(name, false);
        fx.engine.reconcile();
        Run r = fx.engine.awaitRun(runId, Duration.ofSeconds(10)).orElseThrow();
        assertThat(r.outcome()).isEqualTo("stopped");
        assertThat(fx.engine.listenerCount()).isZero();
    }

    @Test
    void getDeviceExample() {
        assertThat(fx.ok(GET_DEVICE_EXAMPLE)).containsExactly("device HUAWNFYC-35454645 not found");
        fx.store.devices().upsertCwmp("HUAWNFYC-35454645", "00E0FC", "Huawei", "Huawei Technologies Co., Ltd.", "WS7001-40", "",
                "TR-098", new Device.CwmpInfo(2, null, null, null, 300, "1.0", null, Instant.now()));
        fx.store.devices().setStatus("HUAWNFYC-35454645", "cwmp", 2);
        List<String> lines = fx.ok(GET_DEVICE_EXAMPLE);
        assertThat(lines).contains("sn: HUAWNFYC-35454645", "model: WS7001-40", "vendor: Huawei Technologies Co., Ltd.",
                "version: ", "product_class: Huawei", "alias: ", "status: 2", "cwmp: true", "usp: false");
    }
}
