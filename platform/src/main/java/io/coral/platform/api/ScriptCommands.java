package io.coral.platform.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coral.bus.command.BusError;
import io.coral.bus.command.ScriptReply;
import io.coral.platform.http.ApiException;
import java.time.Duration;

/**
 * The script engine's bus API as the REST layer uses it: a request on {@code scripts.<action>} with a
 * {@code ScriptCommand} JSON object, answered by a {@code ScriptReply}: {@code {result}} or
 * {@code {error: {code, message}}}.
 */
final class ScriptCommands {
    static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final ApiContext ctx;
    private final BusCalls calls;

    ScriptCommands(ApiContext ctx) {
        this.ctx = ctx;
        this.calls = new BusCalls(ctx.bus(), ctx.metrics());
    }

    JsonNode call(String action, ObjectNode payload) {
        ScriptReply reply = calls.request("scripts", ctx.bus().subjects().scripts(action), payload, ScriptReply.class, TIMEOUT);
        if (reply.error() != null) {
            BusError e = reply.error();
            String code = e.code() == null ? "internal" : e.code();
            int status = switch (code) {
                case "not_found" -> 404;
                case "invalid", "compile_error", "syntax" -> 400;
                case "conflict", "exists" -> 409;
                case "timeout" -> 504;
                case "unavailable" -> 503;
                default -> 502;
            };
            throw new ApiException(status, code, e.message() == null ? code : e.message(),
                    e.detail() == null ? null : java.util.Map.of("detail", e.detail()));
        }
        return reply.result();
    }
}
