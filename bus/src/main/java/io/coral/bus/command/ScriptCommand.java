package io.coral.bus.command;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * Request on {@code scripts.<action>}; actions: create, update, get, list, delete, activate, deactivate,
 * run (start a manual run with {@code args}), runs (list runs of {@code name}, newest first, up to
 * {@code limit}), get_run ({@code run_id}, with its log), stop_run ({@code run_id}), versions.
 * Null fields are "not given" (update keeps the stored value).
 */
public record ScriptCommand(
        String name,
        String description,
        String content,
        Boolean active,
        String schedule,
        String timezone,
        List<String> triggers,
        Map<String, String> globals,
        Boolean library,
        JsonNode args,
        String runId,
        Integer limit) {

    public static ScriptCommand named(String name) {
        return new ScriptCommand(name, null, null, null, null, null, null, null, null, null, null, null);
    }

    public static ScriptCommand run(String name, JsonNode args) {
        return new ScriptCommand(name, null, null, null, null, null, null, null, null, args, null, null);
    }

    public static ScriptCommand runId(String runId) {
        return new ScriptCommand(null, null, null, null, null, null, null, null, null, null, runId, null);
    }
}
