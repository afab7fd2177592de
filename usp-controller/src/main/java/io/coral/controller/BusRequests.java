package io.coral.controller;

import com.fasterxml.jackson.databind.JsonNode;
import io.coral.bus.Bus;
import io.coral.bus.Json;
import io.coral.bus.Message;
import io.coral.bus.Subjects;
import io.coral.bus.command.BusError;
import io.coral.bus.command.UspMsgReply;
import io.coral.bus.command.UspMsgRequest;
import io.coral.usp.UspJson;
import io.coral.usp.proto.UspMsg14.Msg;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code usp.msg.<sn>}: the protobuf-JSON Msg is sent to the agent and the reply carries the
 * response Msg (a USP Error also fills {@code error} with its code, message and param_errs). An Operate
 * with send_resp false is answered with neither once it is sent: the agent will not respond.
 */
final class BusRequests {
    private static final Logger log = LoggerFactory.getLogger(BusRequests.class);
    private static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);

    private final ControllerConfig config;
    private final Bus bus;
    private final Outbound outbound;

    BusRequests(ControllerConfig config, Bus bus, Outbound outbound) {
        this.config = config;
        this.bus = bus;
        this.outbound = outbound;
    }

    void onMessage(Message m) {
        if (m.replyTo() == null) {
            log.debug("usp.msg on {} without reply subject dropped", m.subject());
            return;
        }
        String sn;
        UspMsgRequest req;
        Msg msg;
        try {
            sn = Subjects.lastToken(m.subject());
            req = m.decode(UspMsgRequest.class);
            msg = UspJson.msgFromJson(req.msg());
        } catch (RuntimeException e) {
            reply(m, new UspMsgReply(null, BusError.of("invalid", e.getMessage())));
            return;
        }
        Duration timeout = req.timeoutMs() == null || req.timeoutMs() <= 0 ? config.requestTimeout()
                : Duration.ofMillis(Math.min(req.timeoutMs(), MAX_TIMEOUT.toMillis()));
        outbound.request(sn, msg, timeout).whenComplete((resp, err) -> {
            if (err != null) {
                UspRequestException e = Failures.asRequestException(err);
                reply(m, new UspMsgReply(null, BusError.of(e.code(), e.getMessage())));
            } else {
                reply(m, toReply(resp));
            }
        });
    }

    static UspMsgReply toReply(Msg resp) {
        if (resp == null) {
            return new UspMsgReply(null, null);
        }
        String json = UspJson.toJson(resp);
        if (!resp.getBody().hasError()) {
            return new UspMsgReply(json, null);
        }
        var error = resp.getBody().getError();
        JsonNode detail;
        try {
            detail = Json.MAPPER.readTree(UspJson.toJson(error));
        } catch (Exception e) {
            detail = null;
        }
        return new UspMsgReply(json, new BusError(Integer.toUnsignedString(error.getErrCode()), error.getErrMsg(), detail));
    }

    private void reply(Message m, UspMsgReply r) {
        try {
            bus.reply(m, r);
        } catch (RuntimeException e) {
            log.warn("reply to {} not sent: {}", m.subject(), e.toString());
        }
    }
}
