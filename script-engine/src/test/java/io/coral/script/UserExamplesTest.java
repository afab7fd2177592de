package io.coral.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coral.bus.Json;
import io.coral.bus.command.CwmpRpcReply;
import io.coral.bus.event.EventCode;
import io.coral.bus.event.InformEvent;
import io.coral.store.Device;
import io.coral.store.Run;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The examples of the user's scripts-cwmp-functions.md, character for character, and the lines they print. */
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

    static final String GET_EXAMPLE = """
            local getParameterValuesType = 0

            local xmlContentGet = [[
            <?xml version="1.0" encoding="UTF-8"?>
            <soap:Envelope xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:cwmp="urn:dslforum-org:cwmp-1-0" xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:schemaLocation="urn:dslforum-org:cwmp-1-0 ..\\schemas\\wt121.xsd" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
              <soap:Header/>
              <soap:Body soap:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/">
                <cwmp:GetParameterValues>
                  <ParameterNames>
                    <string>InternetGatewayDevice.LANDevice.1.WLANConfiguration.1.</string>
                   </ParameterNames>
                </cwmp:GetParameterValues>
              </soap:Body>
            </soap:Envelope>
            ]]

            local getTest = send_cwmp_message("HUAWNFYC-35454645", xmlContentGet, getParameterValuesType)
            if getTest ~= nil then
              for key, value in pairs(getTest) do
                print(key .. ": " .. value)
              end
            else
              print("GetParameterValues failed")
            end
            """;

    static final String SET_EXAMPLE = """
            local setParameterValuesType = 1

            local xmlContentSet = [[
            <?xml version="1.0" encoding="UTF-8"?>
            <soap:Envelope xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:cwmp="urn:dslforum-org:cwmp-1-0" xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:schemaLocation="urn:dslforum-org:cwmp-1-0 ..\\schemas\\wt121.xsd" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
              <soap:Header/>
              <soap:Body soap:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/">
                <cwmp:SetParameterValues>
                  <ParameterList>
                    <ParameterValueStruct>
                      <Name>InternetGatewayDevice.LANDevice.1.WLANConfiguration.1.Enable</Name>
                      <Value>1</Value>
                    </ParameterValueStruct>
                  </ParameterList>
                </cwmp:SetParameterValues>
              </soap:Body>
            </soap:Envelope>
            ]]

            local setTest = send_cwmp_message("HUAWNFYC-35454645", xmlContentSet, setParameterValuesType)
            if setTest then
              print("SetParameterValues worked")
            else
              print("SetParameterValues failed")
            end
            """;

    static final String LISTEN_EXAMPLE = """
            while true do
              local cwmp_event = listen_to_cwmp_event("2")
              print("CWMP event " .. cwmp_event.event .. ", triggered by device: " .. cwmp_event.serial_number)
            end
            """;

    static final String GET_DEVICE_EXAMPLE = """
            SERIAL_NUMBER = "HUAWNFYC-35454645"
            local deviceAttributes = get_device(SERIAL_NUMBER)
            if type(deviceAttributes) == "boolean" then
              print("device " .. SERIAL_NUMBER .. " not found")
            else
              for key, value in pairs(deviceAttributes) do
                print(key .. ": " .. value)
              end
            end
            """;

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
