package io.coral.platform.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coral.bus.Json;
import io.coral.bus.command.BusError;
import io.coral.bus.command.CwmpRpcReply;
import io.coral.bus.command.CwmpRpcRequest;
import io.coral.platform.http.ApiException;
import io.coral.platform.http.ApiRequest;
import io.coral.platform.http.ApiResponse;
import io.coral.platform.http.Router;
import io.coral.store.Device;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /api/devices/{sn}/cwmp}: any CWMP RPC through the ACS on {@code cwmp.rpc.<sn>}. Results
 * come back in the Lua shapes; a CPE fault is a 422 whose body carries the fault in Lua shape.
 */
final class CwmpApi {
    static final long DEFAULT_TIMEOUT_MS = 30_000;
    static final long MAX_TIMEOUT_MS = 600_000;
    /** The ACS answers "timeout" itself at timeout_ms; the bus waits a little longer for that answer. */
    static final long BUS_MARGIN_MS = 5_000;

    private final ApiContext ctx;
    private final BusCalls calls;

    CwmpApi(ApiContext ctx) {
        this.ctx = ctx;
        this.calls = new BusCalls(ctx.bus(), ctx.metrics());
    }

    void register(Router r) {
        r.post("/api/devices/{sn}/cwmp", this::send);
    }

    private Object send(ApiRequest req) {
        ObjectNode body = req.json();
        String rpc = text(body, "rpc");
        String xml = text(body, "xml");
        if ((rpc == null) == (xml == null)) {
            throw ApiException.badRequest("give either \"rpc\" (with \"args\") or \"xml\" (a whole SOAP envelope)");
        }
        if (rpc != null && !rpc.matches("[A-Za-z][A-Za-z0-9]{1,63}")) {
            throw ApiException.badRequest("rpc must be an RPC name such as GetParameterValues, got '" + rpc + "'");
        }
        JsonNode args = body.get("args");
        if (args != null && !args.isNull() && !args.isObject()) {
            throw ApiException.badRequest("args must be a JSON object");
        }
        String mode = text(body, "mode");
        if (mode == null) {
            mode = CwmpRpcRequest.MODE_NOW;
        }
        if (!mode.equals(CwmpRpcRequest.MODE_NOW) && !mode.equals(CwmpRpcRequest.MODE_NEXT_INFORM)) {
            throw ApiException.badRequest("mode must be now or next_inform, got '" + mode + "'");
        }
        long timeoutMs = timeout(body);
        Device device = DeviceApi.find(ctx.store(), req.param("sn"));
        if (device.cwmp() == null && device.usp() != null) {
            throw new ApiException(409, "wrong_protocol", "device '" + device.sn() + "' speaks USP, not CWMP");
        }
        CwmpRpcRequest command = new CwmpRpcRequest(rpc, args == null || args.isNull() ? Json.MAPPER.createObjectNode() : args,
                xml, mode, timeoutMs);
        Duration busTimeout = mode.equals(CwmpRpcRequest.MODE_NOW)
                ? Duration.ofMillis(timeoutMs + BUS_MARGIN_MS)
                : Duration.ofMillis(Math.min(timeoutMs, 15_000));
        CwmpRpcReply reply;
        try {
            reply = calls.request("cwmp", ctx.bus().subjects().cwmpRpc(device.sn()), command, CwmpRpcReply.class, busTimeout);
        } catch (ApiException e) {
            ctx.metrics().cwmpRequest(e.code());
            throw e;
        }
        if (reply.error() != null) {
            ctx.metrics().cwmpRequest("error");
            throw replyError(reply.taskId(), reply.error(), "fault");
        }
        ctx.metrics().cwmpRequest("ok");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("task_id", reply.taskId());
        if (mode.equals(CwmpRpcRequest.MODE_NEXT_INFORM)) {
            out.put("state", "queued");
            return ApiResponse.accepted(out);
        }
        out.put("result", reply.result());
        return out;
    }

    static long timeout(ObjectNode body) {
        JsonNode t = body.get("timeout_ms");
        if (t == null || t.isNull()) {
            return DEFAULT_TIMEOUT_MS;
        }
        if (!t.canConvertToLong() || !t.isIntegralNumber() || t.asLong() < 1 || t.asLong() > MAX_TIMEOUT_MS) {
            throw ApiException.badRequest("timeout_ms must be an integer between 1 and " + MAX_TIMEOUT_MS);
        }
        return t.asLong();
    }

    static String text(ObjectNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw ApiException.badRequest(field + " must be a string");
        }
        return n.asText().isBlank() ? null : n.asText();
    }

    /**
     * A service's error reply as an API error. Coral codes map to their statuses; a protocol fault (a
     * numeric code) is a 422 with the fault in Lua shape under {@code faultField}.
     */
    static ApiException replyError(String taskId, BusError error, String faultField) {
        String code = error.code() == null ? "internal" : error.code();
        String message = error.message() == null ? code : error.message();
        Map<String, Object> extra = new LinkedHashMap<>();
        if (taskId != null) {
            extra.put("task_id", taskId);
        }
        int status;
        switch (code) {
            case "timeout" -> status = 504;
            case "offline" -> status = 409;
            case "not_found" -> status = 404;
            case "invalid" -> status = 400;
            case "unavailable" -> status = 503;
            case "internal" -> status = 502;
            default -> {
                status = code.chars().allMatch(Character::isDigit) ? 422 : 502;
                extra.put(faultField, fault(code, message, error.detail()));
            }
        }
        if (error.detail() != null && !extra.containsKey(faultField)) {
            extra.put("detail", error.detail());
        }
        return new ApiException(status, code, message, extra);
    }

    private static JsonNode fault(String code, String message, JsonNode detail) {
        ObjectNode f = detail != null && detail.isObject() ? ((ObjectNode) detail).deepCopy() : Json.MAPPER.createObjectNode();
        if (!f.has("error_code")) {
            f.put("error_code", code);
        }
        if (!f.has("error_message")) {
            f.put("error_message", message);
        }
        return f;
    }
}
