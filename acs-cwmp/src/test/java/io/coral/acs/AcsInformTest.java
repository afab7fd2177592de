package io.coral.acs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.coral.store.Device;
import io.coral.store.DeviceStatus;
import io.coral.store.Parameter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Complete Inform sessions over real HTTP in three dialects: answers, the stored device, the bus events. */
class AcsInformTest {

    static AcsHarness h;

    @BeforeAll
    static void up() {
        h = AcsHarness.start();
    }

    @AfterAll
    static void down() {
        h.close();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void bootSessionInEachDialect(Dialect d) {
        String sn = "SN-" + d.name();
        TestCpe cpe = h.cpe(d, sn);
        cpe.crUrl = "http://192.0.2.10:7547/cr-" + d.dir;

        TestCpe.Reply r = cpe.inform("0 BOOTSTRAP", "1 BOOT", "M Reboot|rk-1");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.method()).isEqualTo("InformResponse");
        assertThat(r.id()).isEqualTo("inform-1");
        assertThat(r.element("MaxEnvelopes")).isEqualTo("1");
        assertThat(r.body()).contains(d.namespace);
        assertThat(r.setCookie()).contains(io.coral.acs.http.CwmpHandler.COOKIE);
        if (d == Dialect.CWMP14) {
            assertThat(r.element("UseCWMPVersion")).isEqualTo("1.4");
        } else {
            assertThat(r.body()).doesNotContain("UseCWMPVersion");
        }

        TestCpe.Reply end = cpe.emptyPost();
        assertThat(end.status()).isEqualTo(204);
        assertThat(end.body()).isEmpty();

        Device dev = h.store.devices().find(sn).orElseThrow();
        assertThat(dev.dataModel()).isEqualTo(d == Dialect.CWMP10 ? "TR-098" : "TR-181");
        assertThat(dev.version()).isEqualTo("1.0.0");
        assertThat(dev.status()).isEqualTo(DeviceStatus.ONLINE);
        assertThat(dev.cwmp().connectionRequestUrl()).isEqualTo(cpe.crUrl);
        assertThat(dev.cwmp().periodicInformIntervalSec()).isEqualTo(300);
        assertThat(dev.cwmp().cwmpVersion()).isEqualTo(switch (d) {
            case CWMP10 -> "1.0";
            case CWMP12 -> "1.2";
            case CWMP14 -> "1.4";
        });
        Map<String, String> params = h.store.parameters().find(sn, "").stream()
                .collect(Collectors.toMap(Parameter::path, Parameter::value));
        assertThat(params).containsEntry(d.root + "DeviceInfo.SoftwareVersion", "1.0.0")
                .containsEntry(d.root + "ManagementServer.ConnectionRequestURL", cpe.crUrl)
                .hasSizeGreaterThanOrEqualTo(6);

        JsonNode inform = h.awaitEvent("coral.events.cwmp.inform.SN-" + d.name(), j -> true).json();
        assertThat(inform.get("sn").asText()).isEqualTo(sn);
        assertThat(inform.get("new_device").asBoolean()).isTrue();
        JsonNode events = inform.get("events");
        assertThat(events).hasSize(3);
        assertThat(events.get(0).get("index").asText()).isEqualTo("0");
        assertThat(events.get(0).get("code").asText()).isEqualTo("0 BOOTSTRAP");
        assertThat(events.get(1).get("index").asText()).isEqualTo("1");
        assertThat(events.get(2).has("index")).isFalse();
        assertThat(events.get(2).get("code").asText()).isEqualTo("M Reboot");
        assertThat(events.get(2).get("command_key").asText()).isEqualTo("rk-1");
        assertThat(inform.get("parameters").get(d.root + "DeviceInfo.SoftwareVersion").asText()).isEqualTo("1.0.0");
        assertThat(inform.get("data_model").asText()).isEqualTo(dev.dataModel());
        h.awaitEvent("coral.events.device.new.SN-" + d.name(), j -> j.get("protocol").asText().equals("cwmp"));
        h.awaitEvent("coral.events.device.status.SN-" + d.name(), j -> j.get("status").asInt() == 2);

        // A later periodic session: the new version and CR URL are written, no second device.new.
        cpe.softwareVersion = "1.0.1";
        cpe.crUrl = "http://192.0.2.11:7547/cr-" + d.dir;
        assertThat(cpe.inform("2 PERIODIC").method()).isEqualTo("InformResponse");
        assertThat(cpe.emptyPost().status()).isEqualTo(204);
        Device after = h.store.devices().find(sn).orElseThrow();
        assertThat(after.version()).isEqualTo("1.0.1");
        assertThat(after.cwmp().connectionRequestUrl()).isEqualTo(cpe.crUrl);
        assertThat(h.store.parameters().find(sn, d.root + "DeviceInfo.SoftwareVersion").get(0).value())
                .isEqualTo("1.0.1");
        h.awaitEvent("coral.events.cwmp.inform.SN-" + d.name(),
                j -> j.get("events").get(0).get("index").asText().equals("2"));
        assertThat(h.events("coral.events.device.new.SN-" + d.name())).hasSize(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> h.store.devices().find(sn).orElseThrow().lastContact() != null);
    }

    @Test
    void staleCookieNeverContinuesAnEndedSession() {
        TestCpe cpe = h.cpe(Dialect.CWMP12, "SN-STALE");
        TestCpe.Reply first = cpe.inform("1 BOOT");
        String cookie = first.setCookie().split(";")[0];
        assertThat(cpe.emptyPost().status()).isEqualTo(204);

        // Replay the old cookie with a CPE request: no session, so a SOAP fault, not an answer in the old session.
        TestCpe other = new TestCpe(h.uri(), Dialect.CWMP12, "SN-STALE", false);
        TestCpe.Reply r = other.post(other.envelope("x-1", "TransferComplete", Map.of("KEY", "k")).getBytes(),
                Map.of("Cookie", cookie));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.method()).isEqualTo("Fault");
        assertThat(r.element("FaultCode")).isEqualTo("8003");
        assertThat(h.events("coral.events.cwmp.transfer.SN-STALE")).isEmpty();
        // An empty POST with the stale cookie ends nothing and starts nothing.
        assertThat(other.post(new byte[0], Map.of("Cookie", cookie)).status()).isEqualTo(204);
        assertThat(h.acs.sessions()).isZero();
    }

    @Test
    void sessionWithoutCookiesContinuesOnItsConnection() {
        TestCpe cpe = new TestCpe(h.uri(), Dialect.CWMP10, "SN-NOCOOKIE", false);
        assertThat(cpe.inform("1 BOOT").method()).isEqualTo("InformResponse");
        TestCpe.Reply r = cpe.request("GetRPCMethods", Map.of());
        assertThat(r.method()).isEqualTo("GetRPCMethodsResponse");
        assertThat(cpe.emptyPost().status()).isEqualTo(204);
    }

    @Test
    void informWithoutSerialNumberIsRefused() {
        TestCpe cpe = h.cpe(Dialect.CWMP10, "");
        TestCpe.Reply r = cpe.inform("1 BOOT");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.method()).isEqualTo("Fault");
        assertThat(r.element("FaultCode")).isEqualTo("8003");
        assertThat(h.acs.sessions()).isZero();
    }

    @Test
    void newInformReplacesTheDevicesOpenSession() {
        TestCpe cpe = h.cpe(Dialect.CWMP12, "SN-TWICE");
        assertThat(cpe.inform("1 BOOT").method()).isEqualTo("InformResponse");
        TestCpe again = h.cpe(Dialect.CWMP12, "SN-TWICE");
        assertThat(again.inform("2 PERIODIC").method()).isEqualTo("InformResponse");
        assertThat(h.acs.sessions()).isEqualTo(1);
        assertThat(again.emptyPost().status()).isEqualTo(204);
        // The first session is gone: its cookie finds nothing.
        assertThat(cpe.request("GetRPCMethods", Map.of()).status()).isEqualTo(400);
        List<AcsHarness.Seen> informs = h.events("coral.events.cwmp.inform.SN-TWICE");
        await().atMost(Duration.ofSeconds(5)).until(() -> h.events("coral.events.cwmp.inform.SN-TWICE").size() == 2);
        assertThat(informs).isNotNull();
    }
}
