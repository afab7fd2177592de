package io.coral.platform.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coral.bus.Json;
import io.coral.bus.command.UspMsgReply;
import io.coral.bus.command.UspMsgRequest;
import io.coral.platform.http.ApiException;
import io.coral.platform.http.ApiRequest;
import io.coral.platform.http.Router;
import io.coral.store.Device;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code POST /api/devices/{sn}/usp}: a USP Msg (protobuf JSON) through the controller on {@code usp.msg.<sn>}. */
final class UspApi {
    private final ApiContext ctx;
    private final BusCalls calls;

    UspApi(ApiContext ctx) {
        this.ctx = ctx;
        this.calls = new BusCalls(ctx.bus(), ctx.metrics());
    }

    void register(Router r) {
        r.post("/api/devices/{sn}/usp", this::send);
    }

    private Object send(ApiRequest req) {
        ObjectNode body = req.json();
        JsonNode msg = body.get("msg");
        String msgJson;
        if (msg == null || msg.isNull()) {
            throw ApiException.badRequest("msg is required: a USP Msg in protobuf JSON form ({\"header\": …, \"body\": …})");
        } else if (msg.isObject()) {
            msgJson = msg.toString();
        } else if (msg.isTextual()) {
            msgJson = msg.asText();
            try {
                if (!Json.MAPPER.readTree(msgJson).isObject()) {
                    throw ApiException.badRequest("msg must be a JSON object (or a string holding one)");
                }
            } catch (IOException e) {
                throw ApiException.badRequest("msg is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
            }
        } else {
            throw ApiException.badRequest("msg must be a JSON object (or a string holding one)");
        }
        long timeoutMs = CwmpApi.timeout(body);
        Device device = DeviceApi.find(ctx.store(), req.param("sn"));
        if (device.usp() == null && device.cwmp() != null) {
            throw new ApiException(409, "wrong_protocol", "device '" + device.sn() + "' speaks CWMP, not USP");
        }
        String target = device.usp() != null && device.usp().endpointId() != null ? device.usp().endpointId() : device.sn();
        UspMsgReply reply;
        try {
            reply = calls.request("usp", ctx.bus().subjects().uspMsg(target), new UspMsgRequest(msgJson, timeoutMs),
                    UspMsgReply.class, Duration.ofMillis(timeoutMs + CwmpApi.BUS_MARGIN_MS));
        } catch (ApiException e) {
            ctx.metrics().uspSent(e.code());
            throw e;
        }
        if (reply.error() != null) {
            ctx.metrics().uspSent("error");
            throw CwmpApi.replyError(null, reply.error(), "fault");
        }
        ctx.metrics().uspSent("ok");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("msg", Views.parseOrText(reply.msg()));
        return out;
    }
}
