package io.coral.platform.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.coral.platform.testing.ApiFixture;
import io.coral.store.Task;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TaskApiTest {
    @RegisterExtension
    final ApiFixture api = new ApiFixture();

    @Test
    void listFilterAndDelete() {
        api.seed(List.of(ApiFixture.cwmpDevice("A1", "V", "M", 2, Instant.now()), ApiFixture.cwmpDevice("B2", "V", "M", 2, Instant.now())));
        Task a = api.store().tasks().enqueue("A1", "cwmp", "Reboot", "{\"command_key\":\"k\"}", "k", 3, null);
        api.store().tasks().enqueue("A1", "cwmp", "GetParameterValues", "{\"names\":[\"Device.\"]}", null, 3, null);
        Task b = api.store().tasks().enqueue("B2", "cwmp", "FactoryReset", "{}", null, 3, null);
        api.store().tasks().claim(b.id(), "acs-1", Instant.now());

        JsonNode all = api.http().get("/api/tasks").json();
        assertThat(all.path("total").asInt()).isEqualTo(3);
        JsonNode ofA = api.http().get("/api/tasks?sn=A1").json();
        assertThat(ofA.path("items").size()).isEqualTo(2);
        JsonNode reboot = ofA.path("items").findParents("kind").stream().filter(t -> t.path("kind").asText().equals("Reboot")).findFirst().orElseThrow();
        assertThat(reboot.path("state").asText()).isEqualTo("queued");
        assertThat(reboot.path("request").path("command_key").asText()).isEqualTo("k");
        assertThat(reboot.path("max_attempts").asInt()).isEqualTo(3);
        JsonNode sent = api.http().get("/api/tasks?state=sent").json();
        assertThat(sent.path("items").size()).isEqualTo(1);
        assertThat(sent.path("items").get(0).path("sn").asText()).isEqualTo("B2");
        assertThat(api.http().get("/api/tasks?state=done").json().path("total").asInt()).isZero();
        assertThat(api.http().get("/api/tasks?limit=1").json().path("items").size()).isEqualTo(1);

        assertThat(api.http().get("/api/tasks?state=lost").status()).isEqualTo(400);
        assertThat(api.http().get("/api/tasks?limit=0").status()).isEqualTo(400);

        assertThat(api.http().delete("/api/tasks/" + a.id()).status()).isEqualTo(204);
        assertThat(api.http().delete("/api/tasks/" + a.id()).status()).isEqualTo(404);
        assertThat(api.http().get("/api/tasks?sn=A1").json().path("total").asInt()).isEqualTo(1);
    }
}
