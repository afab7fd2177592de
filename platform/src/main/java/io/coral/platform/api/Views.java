package io.coral.platform.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.coral.bus.Json;
import io.coral.store.Device;
import io.coral.store.Parameter;
import io.coral.store.Run;
import io.coral.store.Script;
import io.coral.store.Task;
import io.coral.store.Token;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON shapes the API returns. Built explicitly so that nothing secret (connection-request
 * passwords, token hashes) leaves the store by accident.
 */
final class Views {
    private Views() {}

    static String statusName(int status) {
        return switch (status) {
            case 0 -> "offline";
            case 1 -> "associating";
            case 2 -> "online";
            default -> "unknown";
        };
    }

    static Map<String, Object> device(Device d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sn", d.sn());
        m.put("alias", d.alias());
        m.put("vendor", d.vendor());
        m.put("model", d.model());
        m.put("version", d.version());
        m.put("product_class", d.productClass());
        m.put("oui", d.oui());
        m.put("data_model", d.dataModel());
        m.put("status", d.status());
        m.put("status_name", statusName(d.status()));
        List<String> protocols = new ArrayList<>(2);
        if (d.cwmp() != null) {
            protocols.add("cwmp");
        }
        if (d.usp() != null) {
            protocols.add("usp");
        }
        m.put("protocols", protocols);
        if (d.cwmp() != null) {
            Device.CwmpInfo c = d.cwmp();
            Map<String, Object> cwmp = new LinkedHashMap<>();
            cwmp.put("status", c.status());
            cwmp.put("connection_request_url", c.connectionRequestUrl());
            cwmp.put("periodic_inform_interval_sec", c.periodicInformIntervalSec());
            cwmp.put("cwmp_version", c.cwmpVersion());
            cwmp.put("ip_address", c.ipAddress());
            cwmp.put("last_inform", c.lastInform());
            m.put("cwmp", cwmp);
        }
        if (d.usp() != null) {
            Device.UspInfo u = d.usp();
            Map<String, Object> usp = new LinkedHashMap<>();
            usp.put("status", u.status());
            usp.put("endpoint_id", u.endpointId());
            usp.put("mqtt_version", u.mqttVersion());
            usp.put("last_seen", u.lastSeen());
            m.put("usp", usp);
        }
        m.put("last_contact", d.lastContact());
        m.put("created", d.created());
        return m;
    }

    static Map<String, Object> parameter(Parameter p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", p.path());
        m.put("value", p.value());
        m.put("type", p.type());
        m.put("writable", p.writable());
        m.put("last_read", p.lastRead());
        return m;
    }

    static Map<String, Object> task(Task t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        m.put("sn", t.sn());
        m.put("protocol", t.protocol());
        m.put("kind", t.kind());
        m.put("state", t.state() == null ? null : t.state().wire());
        m.put("attempts", t.attempts());
        m.put("max_attempts", t.maxAttempts());
        m.put("command_key", t.commandKey());
        m.put("created", t.created());
        m.put("updated", t.updated());
        m.put("not_before", t.notBefore());
        m.put("expires_at", t.expiresAt());
        m.put("request", parseOrText(t.request()));
        m.put("result", parseOrText(t.result()));
        m.put("error", parseOrText(t.error()));
        return m;
    }

    static Map<String, Object> token(Token t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        m.put("name", t.name());
        m.put("admin", t.admin());
        m.put("created", t.created());
        return m;
    }

    static Map<String, Object> script(Script s, boolean withContent) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.name());
        m.put("description", s.description());
        if (withContent) {
            m.put("content", s.content());
        }
        m.put("active", s.active());
        m.put("state", s.state());
        m.put("schedule", s.schedule());
        m.put("timezone", s.timezone());
        m.put("triggers", s.triggers() == null ? List.of() : s.triggers());
        m.put("globals", s.globals() == null ? Map.of() : s.globals());
        m.put("library", s.library());
        m.put("version", s.version());
        m.put("created", s.created());
        m.put("updated", s.updated());
        return m;
    }

    static Map<String, Object> run(Run r, boolean withLog) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("script", r.script());
        m.put("version", r.version());
        m.put("trigger", r.trigger());
        m.put("started", r.started());
        m.put("ended", r.ended());
        m.put("outcome", r.outcome());
        m.put("reason", r.reason());
        m.put("error_line", r.errorLine());
        m.put("owner", r.owner());
        if (r.started() != null && r.ended() != null) {
            m.put("duration_ms", r.ended().toEpochMilli() - r.started().toEpochMilli());
        }
        if (withLog) {
            List<Map<String, Object>> lines = new ArrayList<>();
            if (r.log() != null) {
                for (Run.LogLine l : r.log()) {
                    Map<String, Object> line = new LinkedHashMap<>();
                    line.put("time", l.time());
                    line.put("level", l.level());
                    line.put("text", l.text());
                    lines.add(line);
                }
            }
            m.put("log", lines);
            m.put("log_dropped", r.logDropped());
        }
        return m;
    }

    /** Stored JSON text as JSON (so clients need not parse twice); text that is not JSON stays a string. */
    static Object parseOrText(String text) {
        if (text == null) {
            return null;
        }
        try {
            JsonNode node = Json.MAPPER.readTree(text);
            return node == null ? text : node;
        } catch (IOException e) {
            return text;
        }
    }
}
