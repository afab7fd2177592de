package io.coral.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.coral.bus.command.ScriptCommand;
import io.coral.bus.command.ScriptReply;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** scripts.<action> over the bus, as the REST API uses it. */
class ScriptApiTest {
    static EngineFixture fx;

    @BeforeAll
    static void start() {
        fx = new EngineFixture();
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    static ScriptReply call(String action, ScriptCommand c) throws Exception {
        return fx.bus.request(fx.bus.subjects().scripts(action), c, ScriptReply.class, Duration.ofSeconds(10)).get();
    }

    static ScriptCommand create(String name, String content) {
        return new ScriptCommand(name, "d", content, false, null, null, null, Map.of("G", "1"), false, null, null, null);
    }

    @Test
    void createRunReadTheLogAndList() throws Exception {
        ScriptReply created = call("create", create("api-hello", "print('hello ' .. args.who .. G)"));
        assertThat(created.error()).isNull();
        assertThat(created.result().get("version").asInt()).isEqualTo(1);
        assertThat(call("create", create("api-hello", "x")).error().code()).isEqualTo("conflict");

        ScriptReply run = call("run", ScriptCommand.run("api-hello", FunctionLibraryTest.json("{\"who\":\"bob\"}")));
        String runId = run.result().get("run_id").asText();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode r = call("get_run", ScriptCommand.runId(runId)).result();
            assertThat(r.get("outcome").asText()).isEqualTo("ok");
            assertThat(r.get("log").get(0).get("text").asText()).isEqualTo("hello bob1");
        });
        JsonNode runs = call("runs", ScriptCommand.named("api-hello")).result();
        assertThat(runs).hasSize(1);
        assertThat(runs.get(0).get("trigger").asText()).isEqualTo("manual");
        assertThat(call("list", ScriptCommand.named(null)).result().findValuesAsText("name")).contains("api-hello");
        assertThat(call("get", ScriptCommand.named("api-hello")).result().get("description").asText()).isEqualTo("d");
    }

    @Test
    void updateKeepsVersionsAndRejectsSyntaxErrors() throws Exception {
        call("create", create("api-upd", "print(1)"));
        ScriptCommand bad = new ScriptCommand("api-upd", null, "print(", null, null, null, null, null, null, null, null, null);
        ScriptReply r = call("update", bad);
        assertThat(r.error().code()).isEqualTo("invalid");
        assertThat(r.error().message()).contains("syntax error");
        ScriptCommand good = new ScriptCommand("api-upd", null, "print(2)", null, "*/5 * * * *", "UTC", null, null, null, null, null, null);
        assertThat(call("update", good).result().get("version").asInt()).isEqualTo(2);
        assertThat(call("versions", ScriptCommand.named("api-upd")).result()).hasSize(2);
        ScriptCommand badCron = new ScriptCommand("api-upd", null, null, null, "61 * * * *", null, null, null, null, null, null, null);
        assertThat(call("update", badCron).error().message()).contains("invalid cron");
    }

    @Test
    void activateDeactivateAndDelete() throws Exception {
        call("create", create("api-act", "while true do sleep(0.05) end"));
        assertThat(call("activate", ScriptCommand.named("api-act")).result().get("state").asText()).isEqualTo("running");
        await().atMost(Duration.ofSeconds(10)).until(() -> fx.engine.activeRuns() > 0);
        assertThat(call("deactivate", ScriptCommand.named("api-act")).result().get("state").asText()).isEqualTo("stopped");
        assertThat(call("delete", ScriptCommand.named("api-act")).result().get("deleted").asBoolean()).isTrue();
        assertThat(call("get", ScriptCommand.named("api-act")).error().code()).isEqualTo("not_found");
    }

    @Test
    void badRequestsGetClearErrors() throws Exception {
        assertThat(call("nope", ScriptCommand.named("x")).error().code()).isEqualTo("invalid");
        assertThat(call("create", create("bad name!", "x")).error().code()).isEqualTo("invalid");
        assertThat(call("run", ScriptCommand.named("missing")).error().code()).isEqualTo("not_found");
        assertThat(call("get_run", ScriptCommand.runId("000000000000000000000000")).error().code()).isEqualTo("not_found");
        ScriptReply garbage = fx.bus.request(fx.bus.subjects().scripts("get"), "{not json".getBytes(), Duration.ofSeconds(5))
                .thenApply(m -> m.decode(ScriptReply.class)).get();
        assertThat(garbage.error().code()).isEqualTo("invalid");
        assertThat(List.of(1)).hasSize(1);
    }
}
