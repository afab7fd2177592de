package io.coral.script;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coral.bus.Json;
import io.coral.bus.Message;
import io.coral.bus.command.BusError;
import io.coral.bus.command.ScriptCommand;
import io.coral.bus.command.ScriptReply;
import io.coral.script.sandbox.Sandbox;
import io.coral.store.DuplicateKeyException;
import io.coral.store.Run;
import io.coral.store.Script;
import io.coral.store.ScriptVersion;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.luaj.vm2.LuaError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Serves {@code scripts.<action>} requests (the REST API's backend). */
final class ScriptApi {
    private static final Logger log = LoggerFactory.getLogger(ScriptApi.class);

    private final ScriptEngine engine;

    ScriptApi(ScriptEngine engine) {
        this.engine = engine;
    }

    private static final class ApiError extends RuntimeException {
        final String code;

        ApiError(String code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }

    void handle(Message m) {
        if (m.replyTo() == null) {
            return;
        }
        String action = io.coral.bus.Subjects.lastToken(m.subject());
        ScriptReply reply;
        try {
            ScriptCommand c = m.data() == null || m.data().length == 0
                    ? ScriptCommand.named(null) : Json.decode(m.data(), ScriptCommand.class);
            reply = new ScriptReply(dispatch(action, c), null);
        } catch (ApiError e) {
            reply = new ScriptReply(null, BusError.of(e.code, e.getMessage()));
        } catch (io.coral.bus.BusException e) {
            reply = new ScriptReply(null, BusError.of("invalid", e.getMessage()));
        } catch (RuntimeException e) {
            log.warn("scripts.{} failed", action, e);
            reply = new ScriptReply(null, BusError.of("internal", e.toString()));
        }
        engine.bus().reply(m, reply);
    }

    JsonNode dispatch(String action, ScriptCommand c) {
        return switch (action) {
            case "create" -> create(c);
            case "update" -> update(c);
            case "get" -> scriptJson(existing(c.name()));
            case "list" -> list();
            case "delete" -> delete(c);
            case "activate" -> setActive(c, true);
            case "deactivate" -> setActive(c, false);
            case "run" -> run(c);
            case "runs" -> runs(c);
            case "get_run" -> getRun(c);
            case "stop_run" -> stopRun(c);
            case "versions" -> versions(c);
            default -> throw new ApiError("invalid", "unknown action '" + action + "'");
        };
    }

    private Script existing(String name) {
        requireName(name);
        return engine.store().scripts().find(name).orElseThrow(() -> new ApiError("not_found", "no script " + name));
    }

    private static void requireName(String name) {
        if (name == null || name.isBlank()) {
            throw new ApiError("invalid", "name is required");
        }
        if (!name.matches("[A-Za-z0-9_.-]{1,100}")) {
            throw new ApiError("invalid", "name must be 1-100 letters, digits, '_', '-' or '.'");
        }
    }

    private void validate(Script s) {
        try {
            Sandbox.compile(s.content() == null ? "" : s.content(), s.name());
        } catch (LuaError e) {
            throw new ApiError("invalid", "syntax error: " + ScriptRun.message(e));
        }
        if (s.schedule() != null && !s.schedule().isBlank()) {
            try {
                CronSchedule.parse(s.schedule(), s.timezone());
            } catch (IllegalArgumentException e) {
                throw new ApiError("invalid", e.getMessage());
            }
        }
        if (s.triggers() != null) {
            for (String t : s.triggers()) {
                try {
                    io.coral.bus.SubjectPattern.of(engine.triggerPattern(t));
                } catch (IllegalArgumentException e) {
                    throw new ApiError("invalid", "invalid trigger '" + t + "': " + e.getMessage());
                }
            }
        }
    }

    private JsonNode create(ScriptCommand c) {
        requireName(c.name());
        if (engine.store().scripts().find(c.name()).isPresent()) {
            throw new ApiError("conflict", "script " + c.name() + " exists");
        }
        Instant now = Instant.now();
        Script s = new Script(c.name(), c.description(), c.content() == null ? "" : c.content(),
                Boolean.TRUE.equals(c.active()), "stopped", c.schedule(), c.timezone(),
                c.triggers() == null ? List.of() : c.triggers(), c.globals() == null ? java.util.Map.of() : c.globals(),
                Boolean.TRUE.equals(c.library()), 0, now, now);
        validate(s);
        Script saved;
        try {
            saved = engine.store().scripts().save(s);
        } catch (DuplicateKeyException e) {
            throw new ApiError("conflict", "script " + c.name() + " exists");
        }
        engine.reconcile();
        return scriptJson(engine.store().scripts().find(saved.name()).orElse(saved));
    }

    private JsonNode update(ScriptCommand c) {
        Script old = existing(c.name());
        Script s = new Script(old.name(),
                c.description() != null ? c.description() : old.description(),
                c.content() != null ? c.content() : old.content(),
                c.active() != null ? c.active() : old.active(),
                old.state(),
                c.schedule() != null ? c.schedule() : old.schedule(),
                c.timezone() != null ? c.timezone() : old.timezone(),
                c.triggers() != null ? c.triggers() : old.triggers(),
                c.globals() != null ? c.globals() : old.globals(),
                c.library() != null ? c.library() : old.library(),
                old.version(), old.created(), Instant.now());
        validate(s);
        engine.store().scripts().save(s);
        engine.reconcile();
        return scriptJson(existing(c.name()));
    }

    private JsonNode list() {
        ArrayNode a = Json.MAPPER.createArrayNode();
        for (Script s : engine.store().scripts().list()) {
            a.add(scriptJson(s));
        }
        return a;
    }

    private JsonNode delete(ScriptCommand c) {
        existing(c.name());
        engine.store().scripts().setActive(c.name(), false);
        engine.reconcile();
        boolean deleted = engine.store().scripts().delete(c.name());
        engine.reconcile();
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("deleted", deleted);
        return o;
    }

    private JsonNode setActive(ScriptCommand c, boolean active) {
        Script s = existing(c.name());
        if (s.library() && active) {
            throw new ApiError("invalid", "a library script is loaded with require, not activated");
        }
        engine.store().scripts().setActive(c.name(), active);
        engine.reconcile();
        return scriptJson(existing(c.name()));
    }

    private JsonNode run(ScriptCommand c) {
        Script s = existing(c.name());
        if (s.library()) {
            throw new ApiError("invalid", "a library script cannot be run");
        }
        String id;
        try {
            id = engine.run(c.name(), c.args());
        } catch (IllegalArgumentException e) {
            throw new ApiError("invalid", e.getMessage());
        }
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("run_id", id);
        return o;
    }

    private JsonNode runs(ScriptCommand c) {
        existing(c.name());
        int limit = c.limit() == null ? 50 : Math.max(1, Math.min(1000, c.limit()));
        ArrayNode a = Json.MAPPER.createArrayNode();
        for (Run r : engine.store().runs().list(c.name(), limit)) {
            ObjectNode o = Json.MAPPER.valueToTree(r);
            o.remove("log");
            a.add(o);
        }
        return a;
    }

    private JsonNode getRun(ScriptCommand c) {
        if (c.runId() == null) {
            throw new ApiError("invalid", "run_id is required");
        }
        Optional<Run> r = engine.store().runs().find(c.runId());
        return Json.MAPPER.valueToTree(r.orElseThrow(() -> new ApiError("not_found", "no run " + c.runId())));
    }

    private JsonNode stopRun(ScriptCommand c) {
        if (c.runId() == null) {
            throw new ApiError("invalid", "run_id is required");
        }
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("stopped", engine.stopRun(c.runId(), "stopped by request"));
        return o;
    }

    private JsonNode versions(ScriptCommand c) {
        existing(c.name());
        ArrayNode a = Json.MAPPER.createArrayNode();
        for (ScriptVersion v : engine.store().scripts().versions(c.name())) {
            a.add(Json.MAPPER.<JsonNode>valueToTree(v));
        }
        return a;
    }

    private static JsonNode scriptJson(Script s) {
        return Json.MAPPER.valueToTree(s);
    }
}
