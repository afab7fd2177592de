package io.coral.platform.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.coral.platform.config.Role;
import io.coral.platform.testing.ApiFixture;
import io.coral.platform.testing.Http;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The scripts endpoints against the real script engine (role scripts) on the same LocalBus. */
class ScriptApiTest {
    @RegisterExtension
    final ApiFixture api = new ApiFixture(Role.API, Role.SCRIPTS);

    private JsonNode finishedRun(String runId) {
        return await().atMost(Duration.ofSeconds(15)).until(() -> api.http().get("/api/runs/" + runId).json(),
                r -> !r.path("outcome").asText().equals("running") && !r.path("outcome").asText().isEmpty());
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
        assertThat(item.path("description").asText()).isEqualTo("greets");
        assertThat(item.path("schedule").asText()).isEqualTo("*/5 * * * *");
        assertThat(item.path("triggers").get(0).asText()).isEqualTo("cwmp.inform.*");
        assertThat(item.path("globals").path("a").asText()).isEqualTo("1");

        Http.Resp updated = api.http().put("/api/scripts/hello", Map.of("content", "print('hi again')"));
        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        assertThat(updated.json().path("version").asInt()).isEqualTo(2);
        assertThat(updated.json().path("schedule").asText()).as("fields not given are kept").isEqualTo("*/5 * * * *");
        assertThat(api.http().get("/api/scripts/hello").json().path("content").asText()).isEqualTo("print('hi again')");

        Http.Resp put = api.http().put("/api/scripts/other", Map.of("content", "return 1"));
        assertThat(put.status()).isEqualTo(201);

        assertThat(api.http().delete("/api/scripts/hello").status()).isEqualTo(204);
        assertThat(api.http().get("/api/scripts/hello").status()).isEqualTo(404);
        assertThat(api.http().delete("/api/scripts/hello").status()).isEqualTo(404);
    }

    @Test
    void runWithArgumentsAndReadTheRunAndItsLog() {
        api.http().post("/api/scripts", Map.of("name", "job", "content", "print('x is ' .. tostring(args.x))"));
        Http.Resp run = api.http().post("/api/scripts/job/run", Map.of("args", Map.of("x", 42)));
        assertThat(run.status()).as(run.body()).isEqualTo(202);
        String runId = run.json().path("run_id").asText();
        assertThat(runId).isNotBlank();

        JsonNode one = finishedRun(runId);
        assertThat(one.path("script").asText()).isEqualTo("job");
        assertThat(one.path("outcome").asText()).isEqualTo("ok");
        assertThat(one.path("trigger").asText()).isEqualTo("manual");
        assertThat(one.path("owner").asText()).as("the engine instance that ran it").startsWith("scripts-");
        assertThat(one.path("duration_ms").asLong()).isGreaterThanOrEqualTo(0);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(api.http().get("/api/runs/" + runId).json().path("log").toString()).contains("x is 42"));

        finishedRun(api.http().post("/api/scripts/job/run", null).json().path("run_id").asText());
        JsonNode runs = api.http().get("/api/scripts/job/runs").json();
        assertThat(runs.path("total").asInt()).isEqualTo(2);
        assertThat(runs.path("items").get(0).has("log")).isFalse();
        assertThat(runs.path("items").get(0).path("owner").asText()).startsWith("scripts-");

        api.http().post("/api/scripts", Map.of("name", "broken", "content", "error('boom')"));
        JsonNode failed = finishedRun(api.http().post("/api/scripts/broken/run", null).json().path("run_id").asText());
        assertThat(failed.path("outcome").asText()).isEqualTo("error");
        assertThat(failed.path("reason").asText()).contains("boom");
        assertThat(failed.path("error_line").asInt()).isEqualTo(1);
        // the engine counts every run it starts, whatever started it
        assertThat(api.http().get("/metrics").body()).contains("coral_script_runs_total{trigger=\"manual\"} 3.0");

        assertThat(api.http().get("/api/runs/nope").status()).isEqualTo(404);
        assertThat(api.http().get("/api/scripts/nope/runs").status()).isEqualTo(404);
        assertThat(api.http().post("/api/scripts/nope/run", null).status()).isEqualTo(404);
        assertThat(api.http().post("/api/scripts/job/run", Map.of("args", 5)).status()).isEqualTo(400);
    }

    @Test
    void activateAndDeactivate() {
        api.http().post("/api/scripts", Map.of("name", "loop", "content", "while true do sleep(1) end"));
        Http.Resp on = api.http().post("/api/scripts/loop/activate", null);
        assertThat(on.status()).as(on.body()).isEqualTo(200);
        assertThat(on.json().path("active").asBoolean()).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> api.http().get("/api/scripts/loop").json().path("state").asText().equals("running"));
        Http.Resp off = api.http().post("/api/scripts/loop/deactivate", null);
        assertThat(off.json().path("active").asBoolean()).isFalse();
        await().atMost(Duration.ofSeconds(10)).until(() -> !api.http().get("/api/scripts/loop").json().path("state").asText().equals("running"));
        assertThat(api.http().post("/api/scripts/nope/activate", null).status()).isEqualTo(404);
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
        Http.Resp syntax = api.http().post("/api/scripts", Map.of("name", "a", "content", "print("));
        assertThat(syntax.status()).isEqualTo(400);
        assertThat(syntax.json().path("error").path("message").asText()).contains("syntax");
        Http.Resp cron = api.http().post("/api/scripts", Map.of("name", "a", "content", "print(1)", "schedule", "every day"));
        assertThat(cron.status()).isEqualTo(400);
        assertThat(api.http().get("/api/scripts").json().path("total").asInt()).isZero();
    }
}
