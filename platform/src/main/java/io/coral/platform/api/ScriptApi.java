package io.coral.platform.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coral.bus.Json;
import io.coral.platform.http.ApiException;
import io.coral.platform.http.ApiRequest;
import io.coral.platform.http.ApiResponse;
import io.coral.platform.http.Router;
import io.coral.store.Run;
import io.coral.store.Script;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scripts and runs. Reads come from the store; every change (create, update, delete, activate,
 * deactivate, run) goes to the script engine over the bus ({@code scripts.<action>}, payload
 * {@code ScriptCommand}) so that it validates, restarts, schedules and runs what changed. An update
 * keeps the stored value of every field it does not give.
 */
final class ScriptApi {
    static final Set<String> FIELDS = Set.of("name", "description", "content", "active", "schedule", "timezone",
            "triggers", "globals", "library");
    static final String NAME = "[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}";

    private final ApiContext ctx;
    private final ScriptCommands commands;

    ScriptApi(ApiContext ctx) {
        this.ctx = ctx;
        this.commands = new ScriptCommands(ctx);
    }

    void register(Router r) {
        r.get("/api/scripts", this::list);
        r.post("/api/scripts", this::create);
        r.get("/api/scripts/{name}", this::get);
        r.put("/api/scripts/{name}", this::update);
        r.delete("/api/scripts/{name}", this::delete);
        r.post("/api/scripts/{name}/run", this::run);
        r.post("/api/scripts/{name}/activate", req -> setActive(req, true));
        r.post("/api/scripts/{name}/deactivate", req -> setActive(req, false));
        r.get("/api/scripts/{name}/runs", this::runs);
        r.get("/api/runs/{id}", this::getRun);
    }

    private Object list(ApiRequest req) {
        List<Script> scripts = ctx.store().scripts().list();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", scripts.stream().map(s -> Views.script(s, false)).toList());
        body.put("total", scripts.size());
        return body;
    }

    private Script find(String name) {
        return ctx.store().scripts().find(name).orElseThrow(() -> ApiException.notFound("no script '" + name + "'"));
    }

    private Object get(ApiRequest req) {
        return Views.script(find(req.param("name")), true);
    }

    private Object create(ApiRequest req) {
        ObjectNode body = validated(req.json(), null);
        String name = body.get("name").asText();
        if (ctx.store().scripts().find(name).isPresent()) {
            throw ApiException.conflict("script '" + name + "' exists; PUT /api/scripts/" + name + " saves a new version");
        }
        commands.call("create", body);
        return ApiResponse.created(Views.script(find(name), true));
    }

    private Object update(ApiRequest req) {
        String name = req.param("name");
        ObjectNode body = validated(req.json(), name);
        boolean existed = ctx.store().scripts().find(name).isPresent();
        commands.call(existed ? "update" : "create", body);
        Map<String, Object> view = Views.script(find(name), true);
        return existed ? view : ApiResponse.created(view);
    }

    private Object delete(ApiRequest req) {
        String name = req.param("name");
        find(name);
        ObjectNode payload = Json.MAPPER.createObjectNode().put("name", name);
        commands.call("delete", payload);
        return ApiResponse.noContent();
    }

    private Object setActive(ApiRequest req, boolean active) {
        String name = req.param("name");
        find(name);
        commands.call(active ? "activate" : "deactivate", Json.MAPPER.createObjectNode().put("name", name));
        return Views.script(find(name), false);
    }

    private Object run(ApiRequest req) {
        String name = req.param("name");
        find(name);
        ObjectNode body = req.jsonOrEmpty();
        JsonNode args = body.get("args");
        if (args != null && !args.isNull() && !args.isObject() && !args.isArray()) {
            throw ApiException.badRequest("args must be a JSON object or array");
        }
        ObjectNode payload = Json.MAPPER.createObjectNode().put("name", name);
        if (args != null && !args.isNull()) {
            payload.set("args", args);
        }
        JsonNode result = commands.call("run", payload);
        String runId = result == null ? null : result.path("run_id").asText(null);
        if (runId == null) {
            throw new ApiException(502, "internal", "the script engine accepted the run but returned no run_id");
        }
        return ApiResponse.accepted(Map.of("run_id", runId));
    }

    private Object runs(ApiRequest req) {
        String name = req.param("name");
        find(name);
        int limit = req.intQuery("limit", 50, 1, 1000);
        List<Run> runs = ctx.store().runs().list(name, limit);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", runs.stream().map(r -> Views.run(r, false)).toList());
        body.put("total", runs.size());
        return body;
    }

    private Object getRun(ApiRequest req) {
        Run run = ctx.store().runs().find(req.param("id")).orElseThrow(() -> ApiException.notFound("no run '" + req.param("id") + "'"));
        return Views.run(run, true);
    }

    /** Checks a script body; with a path name, the body's name (if any) must agree and is filled in. */
    static ObjectNode validated(ObjectNode body, String pathName) {
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw ApiException.badRequest("unknown field '" + f + "' (fields: " + String.join(", ", FIELDS.stream().sorted().toList()) + ")");
            }
        }
        JsonNode name = body.get("name");
        if (pathName != null) {
            if (name != null && !name.isNull() && !name.asText().equals(pathName)) {
                throw ApiException.badRequest("name in the body ('" + name.asText() + "') differs from the path ('" + pathName + "')");
            }
            body.put("name", pathName);
            name = body.get("name");
        }
        if (name == null || !name.isTextual() || !name.asText().matches(NAME)) {
            throw ApiException.badRequest("name is required: 1-100 letters, digits, '_', '.', '-'");
        }
        JsonNode content = body.get("content");
        if (content == null || !content.isTextual()) {
            throw ApiException.badRequest("content (the Lua source) is required and must be a string");
        }
        checkType(body, "description", JsonNode::isTextual, "a string");
        checkType(body, "schedule", JsonNode::isTextual, "a cron expression string");
        checkType(body, "timezone", JsonNode::isTextual, "a time-zone id string");
        checkType(body, "active", JsonNode::isBoolean, "true or false");
        checkType(body, "library", JsonNode::isBoolean, "true or false");
        checkType(body, "triggers", n -> n.isArray() && allText(n), "an array of strings");
        checkType(body, "globals", n -> n.isObject() && allText(n), "an object of string values");
        return body;
    }

    private static boolean allText(JsonNode n) {
        for (JsonNode x : n) {
            if (!x.isTextual()) {
                return false;
            }
        }
        return true;
    }

    private static void checkType(ObjectNode body, String field, java.util.function.Predicate<JsonNode> ok, String what) {
        JsonNode n = body.get(field);
        if (n != null && !n.isNull() && !ok.test(n)) {
            throw ApiException.badRequest(field + " must be " + what);
        }
    }
}
