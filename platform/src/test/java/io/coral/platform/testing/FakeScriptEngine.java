package io.coral.platform.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.coral.bus.Bus;
import io.coral.bus.Json;
import io.coral.bus.Subjects;
import io.coral.bus.Subscription;
import io.coral.store.Run;
import io.coral.store.Script;
import io.coral.store.Store;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Answers scripts.* the way the script engine does, straight on the store, without running Lua: a run
 * logs its arguments and ends ok. Lets the REST tests run without the scripts role.
 */
public final class FakeScriptEngine implements AutoCloseable {
    private final Subscription sub;

    public FakeScriptEngine(Bus bus, Store store) {
        sub = bus.subscribe(bus.subjects().scriptsAll(), "scripts", m -> {
            String action = Subjects.lastToken(m.subject());
            JsonNode p = Json.MAPPER.readTree(m.data());
            String name = p.path("name").asText();
            Map<String, Object> reply = new HashMap<>();
            switch (action) {
                case "save" -> {
                    List<String> triggers = new ArrayList<>();
                    p.path("triggers").forEach(t -> triggers.add(t.asText()));
                    Map<String, String> globals = new HashMap<>();
                    p.path("globals").fields().forEachRemaining(e -> globals.put(e.getKey(), e.getValue().asText()));
                    Script s = store.scripts().save(new Script(name, p.path("description").asText(null), p.path("content").asText(),
                            p.path("active").asBoolean(false), "stopped", p.path("schedule").asText(null), p.path("timezone").asText(null),
                            triggers, globals, p.path("library").asBoolean(false), 0, null, null));
                    reply.put("result", Map.of("name", s.name(), "version", s.version()));
                }
                case "delete" -> reply.put("result", Map.of("deleted", store.scripts().delete(name)));
                case "activate", "deactivate" -> reply.put("result", Map.of("active", store.scripts().setActive(name, action.equals("activate"))));
                case "run" -> {
                    Script s = store.scripts().find(name).orElseThrow();
                    Run run = store.runs().start(name, s.version(), "manual", Instant.now());
                    store.runs().appendLog(run.id(), List.of(new Run.LogLine(Instant.now(), "info", "args " + p.path("args"))), 100);
                    store.runs().finish(run.id(), Instant.now(), "ok", null, null);
                    reply.put("result", Map.of("run_id", run.id()));
                }
                default -> reply.put("error", Map.of("code", "invalid", "message", "unknown action " + action));
            }
            bus.reply(m, reply);
        });
    }

    @Override
    public void close() {
        sub.close();
    }
}
