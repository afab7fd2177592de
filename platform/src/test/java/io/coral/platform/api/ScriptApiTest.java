package io.coral.platform.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.coral.platform.testing.ApiFixture;
import io.coral.platform.testing.FakeScriptEngine;
import io.coral.platform.testing.Http;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ScriptApiTest {
    @RegisterExtension
    final ApiFixture api = new ApiFixture();

    @BeforeEach
    void engine() {
        new FakeScriptEngine(api.bus(), api.store());
    }

    @Test
    void createReadUpdateAndDelete() {
        Http.Resp created = api.http().post("/api/scripts", Map.of("name", "hello", "content", "print('hi')",
                "description", "greets", "schedule", "*/5 * * * *", "triggers", List.of("cwmp.inform.*"), "globals", Map.of("a", "1")));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().path("version").asInt()).isEqualTo(1);
        assertThat(created.json().path("content").asText()).isEqualTo("print('hi')");

        assertThat(api.http().post("/api/scripts", Map.of("name", "hello", "content", "x")).status()).isEqualTo(409);

        JsonNode list = api.http().get("/api/scripts").json();
        assertThat(list.path("total").asInt()).isEqualTo(1);
        JsonNode item = list.path("items").get(0);
        assertThat(item.has("content")).isFalse();
        assertThat(item.path("schedule").asText()).isEqualTo("*/5 * * * *");
        assertThat(item.path("triggers").get(0).asText()).isEqualTo("cwmp.inform.*");
        assertThat(item.path("globals").path("a").asText()).isEqualTo("1");

        Http.Resp updated = api.http().put("/api/scripts/hello", Map.of("content", "print('hi again')"));
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().path("version").asInt()).isEqualTo(2);
        assertThat(api.http().get("/api/scripts/hello").json().path("content").asText()).isEqualTo("print('hi again')");

        Http.Resp put = api.http().put("/api/scripts/other", Map.of("content", "return 1"));
        assertThat(put.status()).isEqualTo(201);

        assertThat(api.http().delete("/api/scripts/hello").status()).isEqualTo(204);
        assertThat(api.http().get("/api/scripts/hello").status()).isEqualTo(404);
        assertThat(api.http().delete("/api/scripts/hello").status()).isEqualTo(404);
    }

    @Test
    void activateDeactivateRunAndReadTheRun() {
        api.http().post("/api/scripts", Map.of("name", "job", "content", "print(args.x)"));
        assertThat(api.http().post("/api/scripts/job/activate", null).json().path("active").asBoolean()).isTrue();
        assertThat(api.http().post("/api/scripts/job/deactivate", null).json().path("active").asBoolean()).isFalse();

        Http.Resp run = api.http().post("/api/scripts/job/run", Map.of("args", Map.of("x", 42)));
        assertThat(run.status()).isEqualTo(202);
        String runId = run.json().path("run_id").asText();
        assertThat(runId).isNotBlank();
        assertThat(api.http().post("/api/scripts/job/run", null).status()).isEqualTo(202);

        JsonNode runs = api.http().get("/api/scripts/job/runs").json();
        assertThat(runs.path("total").asInt()).isEqualTo(2);
        assertThat(runs.path("items").get(0).has("log")).isFalse();
        JsonNode one = api.http().get("/api/runs/" + runId).json();
        assertThat(one.path("script").asText()).isEqualTo("job");
        assertThat(one.path("outcome").asText()).isEqualTo("ok");
        assertThat(one.path("trigger").asText()).isEqualTo("manual");
        assertThat(one.path("duration_ms").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(one.path("log").get(0).path("text").asText()).isEqualTo("args {\"x\":42}");

        assertThat(api.http().get("/api/runs/nope").status()).isEqualTo(404);
        assertThat(api.http().get("/api/scripts/nope/runs").status()).isEqualTo(404);
        assertThat(api.http().post("/api/scripts/nope/run", null).status()).isEqualTo(404);
        assertThat(api.http().post("/api/scripts/nope/activate", null).status()).isEqualTo(404);
        assertThat(api.http().post("/api/scripts/job/run", Map.of("args", 5)).status()).isEqualTo(400);
    }

    @Test
    void scriptBodiesAreValidated() {
        assertThat(api.http().post("/api/scripts", Map.of("content", "x")).status()).isEqualTo(400);
        assertThat(api.http().post("/api/scripts", Map.of("name", "bad name", "content", "x")).status()).isEqualTo(400);
        assertThat(api.http().post("/api/scripts", Map.of("name", "a")).status()).isEqualTo(400);
        assertThat(api.http().post("/api/scripts", Map.of("name", "a", "content", "x", "active", "yes")).status()).isEqualTo(400);
        assertThat(api.http().post("/api/scripts", Map.of("name", "a", "content", "x", "triggers", "one")).status()).isEqualTo(400);
        assertThat(api.http().post("/api/scripts", Map.of("name", "a", "content", "x", "owner", "me")).status()).isEqualTo(400);
        assertThat(api.http().put("/api/scripts/a", Map.of("name", "b", "content", "x")).status()).isEqualTo(400);
        assertThat(api.http().get("/api/scripts").json().path("total").asInt()).isZero();
    }
}
