package io.coral.platform.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.coral.bus.event.CwmpTaskDoneEvent;
import io.coral.bus.event.DeviceStatusEvent;
import io.coral.bus.event.InformEvent;
import io.coral.bus.event.UspNotifyEvent;
import io.coral.platform.http.Router;
import io.coral.platform.testing.ApiFixture;
import io.coral.platform.testing.Http;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SystemApiTest {
    @RegisterExtension
    final ApiFixture api = new ApiFixture();

    @Test
    void metricsCountEventsFromTheBusAndApiCalls() {
        var s = api.bus().subjects();
        Instant now = Instant.now();
        api.bus().publishEvent(s.cwmpInform("CPE1"), new InformEvent("CPE1", "00AA11", "IGD", "Acme", "R1", "1.0", "TR-181",
                List.of(), Map.of(), true, now)).join();
        api.bus().publishEvent(s.cwmpInform("CPE1"), new InformEvent("CPE1", "00AA11", "IGD", "Acme", "R1", "1.0", "TR-181",
                List.of(), Map.of(), false, now)).join();
        api.bus().publishEvent(s.cwmpTaskDone("CPE1"), new CwmpTaskDoneEvent("CPE1", "t", "Reboot", null, null, now)).join();
        api.bus().publishEvent(s.uspNotify("a"), new UspNotifyEvent("a", "ValueChange", "sub", "m", "Device.X", null, null, "1", "{}", now)).join();
        api.bus().publishEvent(s.deviceStatus("a"), new DeviceStatusEvent("a", "usp", 2, 2, "connected", now)).join();
        api.seed(List.of(ApiFixture.cwmpDevice("CPE1", "Acme", "R1", 2, now)));
        api.http().post("/api/devices/CPE1/cwmp", Map.of("rpc", "Reboot"));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Http.Resp r = api.http().get("/metrics");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("Content-Type")).startsWith("text/plain");
            String text = r.body();
            assertThat(text).contains("coral_cwmp_informs_total 2.0");
            assertThat(text).contains("coral_cwmp_sessions_total 2.0");
            assertThat(text).contains("coral_cwmp_tasks_total{outcome=\"done\"} 1.0");
            assertThat(text).contains("coral_usp_notifications_total{type=\"ValueChange\"} 1.0");
            assertThat(text).contains("coral_usp_messages_total{direction=\"received\",type=\"Notify\"} 1.0");
            assertThat(text).contains("coral_devices_status_changes_total{protocol=\"usp\",status=\"online\"} 1.0");
            assertThat(text).contains("coral_cwmp_requests_total{outcome=\"unavailable\"} 1.0");
            assertThat(text).contains("coral_api_bus_request_seconds_count{kind=\"cwmp\",outcome=\"no_responder\"} 1");
            assertThat(text).contains("coral_bus_event_lag_seconds_count{kind=\"cwmp.inform\"} 2");
            assertThat(text).contains("coral_http_requests_seconds_count");
            assertThat(text).contains("coral_devices{status=\"online\"} 1.0");
        });
    }

    @Test
    void theOpenApiDocumentCoversEveryRoute() {
        Http.Resp r = api.http().get("/api/openapi.json");
        assertThat(r.status()).isEqualTo(200);
        JsonNode doc = r.json();
        assertThat(doc.path("openapi").asText()).startsWith("3.");
        JsonNode paths = doc.path("paths");
        Router router = RestApi.router(new ApiContext(api.bus(), api.store(), api.platform().metrics(), null, List.of(), "t", null));
        assertThat(router.entries()).hasSizeGreaterThan(20);
        for (Router.Entry e : router.entries()) {
            JsonNode op = paths.path(e.pattern()).path(e.method().toLowerCase());
            assertThat(op.isObject()).as(e.method() + " " + e.pattern() + " documented").isTrue();
            assertThat(op.path("responses").size()).as(e.pattern()).isPositive();
        }
        paths.fieldNames().forEachRemaining(p -> assertThat(router.entries().stream().anyMatch(e -> e.pattern().equals(p)))
                .as(p + " exists").isTrue());
        assertThat(paths.path("/api/health").path("get").path("security").isArray()).isTrue();
    }
}
