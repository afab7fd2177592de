package io.coral.platform.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coral.bus.Bus;
import io.coral.bus.Json;
import io.coral.bus.Subjects;
import io.coral.bus.Subscription;
import io.coral.bus.command.BusError;
import io.coral.bus.command.CwmpRpcReply;
import io.coral.bus.command.CwmpRpcRequest;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Answers cwmp.rpc.* like the ACS would for devices that are always reachable, over an in-memory
 * parameter tree per device: GetParameterNames, GetParameterValues, SetParameterValues.
 */
public final class FakeAcs implements AutoCloseable {
    private final Map<String, TreeMap<String, String>> values = new ConcurrentHashMap<>();
    private final Set<String> writable = ConcurrentHashMap.newKeySet();
    private final AtomicInteger tasks = new AtomicInteger();
    private final Subscription sub;

    public FakeAcs(Bus bus) {
        sub = bus.subscribe(bus.subjects().cwmpRpcAll(), "acs", m -> {
            String sn = Subjects.lastToken(m.subject());
            CwmpRpcRequest req = m.decode(CwmpRpcRequest.class);
            bus.reply(m, answer(sn, req));
        });
    }

    public FakeAcs param(String sn, String path, String value, boolean isWritable) {
        values.computeIfAbsent(sn, k -> new TreeMap<>()).put(path, value);
        if (isWritable) {
            writable.add(sn + "|" + path);
        }
        return this;
    }

    public String value(String sn, String path) {
        return values.getOrDefault(sn, new TreeMap<>()).get(path);
    }

    private CwmpRpcReply answer(String sn, CwmpRpcRequest req) {
        String task = "task-" + tasks.incrementAndGet();
        TreeMap<String, String> tree = values.get(sn);
        if (tree == null) {
            return new CwmpRpcReply(null, null, BusError.of("not_found", "unknown device " + sn));
        }
        JsonNode args = req.args() == null ? Json.MAPPER.createObjectNode() : req.args();
        switch (req.rpc() == null ? "" : req.rpc()) {
            case "GetParameterNames" -> {
                ArrayNode out = Json.MAPPER.createArrayNode();
                String prefix = args.path("path").asText("");
                tree.keySet().stream().filter(p -> p.startsWith(prefix))
                        .forEach(p -> out.addObject().put("name", p).put("writable", writable.contains(sn + "|" + p)));
                return new CwmpRpcReply(task, out, null);
            }
            case "GetParameterValues" -> {
                ObjectNode out = Json.MAPPER.createObjectNode();
                for (JsonNode n : args.path("names")) {
                    String name = n.asText();
                    tree.forEach((p, v) -> {
                        if (name.endsWith(".") ? p.startsWith(name) : p.equals(name)) {
                            out.put(p, v);
                        }
                    });
                }
                if (out.isEmpty()) {
                    return fault(task, "9005", "Invalid parameter name");
                }
                return new CwmpRpcReply(task, out, null);
            }
            case "SetParameterValues" -> {
                for (JsonNode v : args.path("values")) {
                    String name = v.path("name").asText();
                    if (!writable.contains(sn + "|" + name)) {
                        return fault(task, "9008", "Attempt to set a non-writable parameter");
                    }
                }
                args.path("values").forEach(v -> tree.put(v.path("name").asText(), v.path("value").asText()));
                return new CwmpRpcReply(task, Json.MAPPER.createObjectNode().put("status", 0), null);
            }
            default -> {
                return new CwmpRpcReply(task, Json.MAPPER.createObjectNode(), null);
            }
        }
    }

    private static CwmpRpcReply fault(String task, String code, String message) {
        ObjectNode detail = Json.MAPPER.createObjectNode().put("error_code", code).put("error_message", message);
        return new CwmpRpcReply(task, null, new BusError(code, message, detail));
    }

    @Override
    public void close() {
        sub.close();
    }
}
