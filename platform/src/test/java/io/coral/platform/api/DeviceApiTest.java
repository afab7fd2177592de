package io.coral.platform.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.coral.platform.testing.ApiFixture;
import io.coral.platform.testing.Http;
import io.coral.store.Device;
import io.coral.store.Parameter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DeviceApiTest {
    @RegisterExtension
    final ApiFixture api = new ApiFixture();

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @BeforeEach
    void seed() {
        List<Device> devices = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            String sn = String.format("SN%03d", i);
            devices.add(ApiFixture.cwmpDevice(sn, i % 2 == 0 ? "Acme" : "Zyx", i < 10 ? "R1" : "R2", i % 3 == 0 ? 2 : 0,
                    T0.plusSeconds(i)));
        }
        devices.add(ApiFixture.uspDevice("os::0044FF-usp.1", "Acme", "U1", 2, T0.plusSeconds(100)));
        api.seed(devices);
    }

    private JsonNode list(String query) {
        Http.Resp r = api.http().get("/api/devices" + query);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    private static List<String> sns(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.path("items").forEach(d -> out.add(d.path("sn").asText()));
        return out;
    }

    @Test
    void pagesAreRightAtTheEdges() {
        JsonNode first = list("?size=10");
        assertThat(first.path("page").asInt()).isEqualTo(1);
        assertThat(first.path("size").asInt()).isEqualTo(10);
        assertThat(first.path("total").asLong()).isEqualTo(24);
        assertThat(sns(first)).hasSize(10).startsWith("SN000", "SN001");

        JsonNode last = list("?size=10&page=3");
        assertThat(sns(last)).containsExactly("SN020", "SN021", "SN022", "os::0044FF-usp.1");
        JsonNode beyond = list("?size=10&page=4");
        assertThat(beyond.path("items").size()).isZero();
        assertThat(beyond.path("total").asLong()).isEqualTo(24);
        assertThat(beyond.path("page").asInt()).isEqualTo(4);

        JsonNode exact = list("?size=24&page=1");
        assertThat(exact.path("items").size()).isEqualTo(24);
        assertThat(list("?size=24&page=2").path("items").size()).isZero();

        JsonNode capped = list("?size=100000");
        assertThat(capped.path("size").asInt()).isEqualTo(500);
        assertThat(capped.path("items").size()).isEqualTo(24);

        JsonNode defaults = list("");
        assertThat(defaults.path("size").asInt()).isEqualTo(50);
        assertThat(defaults.path("page").asInt()).isEqualTo(1);
    }

    @Test
    void badPagingAndFiltersAre400() {
        for (String q : new String[] {"?page=0", "?page=-1", "?page=abc", "?size=0", "?size=x", "?page=1.5", "?status=broken",
            "?protocol=snmp", "?sort=password", "?sort=-nope", "?page=99999999999"}) {
            Http.Resp r = api.http().get("/api/devices" + q);
            assertThat(r.status()).as(q).isEqualTo(400);
            assertThat(r.errorCode()).as(q).isEqualTo("invalid");
        }
    }

    @Test
    void filtersSearchAndSort() {
        assertThat(list("?status=online").path("total").asLong()).isEqualTo(9);
        assertThat(list("?status=2").path("total").asLong()).isEqualTo(9);
        assertThat(list("?status=offline").path("total").asLong()).isEqualTo(15);
        assertThat(list("?protocol=usp").path("total").asLong()).isEqualTo(1);
        assertThat(list("?protocol=cwmp&vendor=Acme").path("total").asLong()).isEqualTo(12);
        assertThat(list("?model=R1").path("total").asLong()).isEqualTo(10);
        assertThat(sns(list("?q=sn02"))).containsExactly("SN020", "SN021", "SN022");
        assertThat(sns(list("?q=usp"))).containsExactly("os::0044FF-usp.1");
        assertThat(sns(list("?sort=-last_contact&size=2"))).containsExactly("os::0044FF-usp.1", "SN022");
        assertThat(sns(list("?sort=-sn&size=1"))).containsExactly("os::0044FF-usp.1");
    }

    @Test
    void listedDevicesCarryTheirIdentityButNoSecrets() {
        JsonNode d = list("?q=SN003").path("items").get(0);
        assertThat(d.path("sn").asText()).isEqualTo("SN003");
        assertThat(d.path("vendor").asText()).isEqualTo("Zyx");
        assertThat(d.path("status").asInt()).isEqualTo(2);
        assertThat(d.path("status_name").asText()).isEqualTo("online");
        assertThat(d.path("protocols").toString()).isEqualTo("[\"cwmp\"]");
        assertThat(d.path("cwmp").path("connection_request_url").asText()).isEqualTo("http://10.0.0.1:7547/cr");
        assertThat(d.path("last_contact").asText()).isEqualTo("2026-01-01T00:00:03Z");
        assertThat(d.toString()).doesNotContain("cr-secret-password").doesNotContain("cr-user");
    }

    @Test
    void getByAnyIdAndUrlEncodedIds() {
        Http.Resp r = api.http().get("/api/devices/os%3A%3A0044FF-usp.1");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().path("usp").path("endpoint_id").asText()).isEqualTo("os::0044FF-usp.1");
        assertThat(api.http().get("/api/devices/SN005").json().path("model").asText()).isEqualTo("R1");
        Http.Resp missing = api.http().get("/api/devices/NOPE");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.errorCode()).isEqualTo("not_found");
    }

    @Test
    void aliasIsSetClearedAndUsableAsId() {
        Http.Resp r = api.http().put("/api/devices/SN001/alias", Map.of("alias", "kitchen router"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().path("alias").asText()).isEqualTo("kitchen router");
        assertThat(api.http().get("/api/devices/kitchen%20router").json().path("sn").asText()).isEqualTo("SN001");
        Map<String, Object> clear = new HashMap<>();
        clear.put("alias", null);
        JsonNode cleared = api.http().put("/api/devices/SN001/alias", clear).json();
        assertThat(cleared.path("alias").isMissingNode() || cleared.path("alias").isNull()).as(cleared.toString()).isTrue();
        assertThat(api.http().put("/api/devices/SN001/alias", Map.of("alias", 5)).status()).isEqualTo(400);
        assertThat(api.http().put("/api/devices/SN001/alias", Map.of()).status()).isEqualTo(400);
        assertThat(api.http().put("/api/devices/NOPE/alias", Map.of("alias", "x")).status()).isEqualTo(404);
    }

    @Test
    void parametersByPrefix() {
        api.store().parameters().upsertAll("SN002", List.of(
                new Parameter("SN002", "Device.DeviceInfo.SoftwareVersion", "1.2.3", "xsd:string", false, T0),
                new Parameter("SN002", "Device.WiFi.SSID.1.SSID", "home", "xsd:string", true, T0),
                new Parameter("SN002", "Device.WiFi.SSID.1.Enable", "true", "xsd:boolean", true, T0)));
        JsonNode all = api.http().get("/api/devices/SN002/parameters").json();
        assertThat(all.path("total").asInt()).isEqualTo(3);
        JsonNode wifi = api.http().get("/api/devices/SN002/parameters?prefix=Device.WiFi.").json();
        assertThat(wifi.path("items").size()).isEqualTo(2);
        JsonNode ssid = wifi.path("items").get(1);
        assertThat(ssid.path("path").asText()).isEqualTo("Device.WiFi.SSID.1.SSID");
        assertThat(ssid.path("value").asText()).isEqualTo("home");
        assertThat(ssid.path("writable").asBoolean()).isTrue();
        assertThat(ssid.path("type").asText()).isEqualTo("xsd:string");
        assertThat(api.http().get("/api/devices/NOPE/parameters").status()).isEqualTo(404);
    }

    @Test
    void deleteRemovesTheDevice() {
        assertThat(api.http().delete("/api/devices/SN004").status()).isEqualTo(204);
        assertThat(api.http().get("/api/devices/SN004").status()).isEqualTo(404);
        assertThat(api.http().delete("/api/devices/SN004").status()).isEqualTo(404);
        assertThat(list("").path("total").asLong()).isEqualTo(23);
    }
}
