package io.coral.script;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coral.bus.Json;
import io.coral.bus.NoResponderException;
import io.coral.bus.RequestTimeoutException;
import io.coral.bus.command.BusError;
import io.coral.bus.command.CwmpRpcReply;
import io.coral.bus.command.CwmpRpcRequest;
import io.coral.bus.command.UspMsgReply;
import io.coral.bus.command.UspMsgRequest;
import io.coral.bus.event.CwmpTaskDoneEvent;
import io.coral.script.lib.LuaJson;
import io.coral.script.sandbox.Sandbox;
import io.coral.store.Device;
import io.coral.store.DeviceQuery;
import io.coral.store.Page;
import io.coral.store.Parameter;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/** The Coral functions of lua-api.md, bound to one run. */
final class CoralFunctions {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final Duration BUS_MARGIN = Duration.ofSeconds(5);

    private final ScriptRun run;
    private final ScriptEngine engine;

    private CoralFunctions(ScriptRun run) {
        this.run = run;
        this.engine = run.engine;
    }

    @FunctionalInterface
    private interface Body {
        Varargs call(Varargs args);
    }

    private static final class Fn extends VarArgFunction {
        private final Body body;

        Fn(String name, Body body) {
            this.name = name;
            this.body = body;
        }

        @Override
        public Varargs invoke(Varargs args) {
            return body.call(args);
        }
    }

    static void install(Globals g, ScriptRun run) {
        CoralFunctions c = new CoralFunctions(run);
        def(g, "send_cwmp_message", c::sendCwmpMessage);
        def(g, "send_cwmp_async_message", c::sendCwmpAsyncMessage);
        def(g, "send_cwmp_rpc", c::sendCwmpRpc);
        def(g, "send_usp_message", c::sendUspMessage);
        def(g, "listen_to_cwmp_event", c::listenCwmp);
        def(g, "listen_to_new_device", c::listenNewDevice);
        def(g, "listen_to_usp_event", c::listenUsp);
        def(g, "listen_to_device_status", c::listenStatus);
        def(g, "get_device", c::getDevice);
        def(g, "get_all_devices", c::getAllDevices);
        def(g, "delete_device", a -> LuaValue.valueOf(c.engine.store().devices().delete(a.checkjstring(1))));
        def(g, "set_device_model", a -> LuaValue.valueOf(c.engine.store().devices().setModel(c.resolve(a.checkjstring(1)), a.checkjstring(2))));
        def(g, "set_device_alias", a -> LuaValue.valueOf(c.engine.store().devices().setAlias(c.resolve(a.checkjstring(1)), a.checkjstring(2))));
        def(g, "get_parameters", c::getParameters);
        def(g, "refresh_device_parameters", c::refreshParameters);
        def(g, "create_or_update_device_credential", c::credential);
        def(g, "sleep", c::sleep);
        def(g, "generate_random_string", c::randomString);
        def(g, "json_encode", CoralFunctions::jsonEncode);
        def(g, "json_decode", CoralFunctions::jsonDecode);
        def(g, "http_request", a -> c.engine.http().request(c.run, a));
        def(g, "log", c::log);
        def(g, "now", a -> LuaValue.valueOf((double) System.currentTimeMillis()));
        def(g, "uuid", a -> LuaValue.valueOf(UUID.randomUUID().toString()));
        def(g, "next_id", a -> LuaValue.valueOf((double) c.engine.store().nextId(a.checkjstring(1))));
    }

    private static void def(Globals g, String name, Body body) {
        g.set(name, new Fn(name, body));
    }

    private String resolve(String id) {
        return engine.store().devices().findByAnyId(id).map(Device::sn).orElse(id);
    }

    // ---- device messaging ----

    private Varargs sendCwmpMessage(Varargs a) {
        String sn = a.checkjstring(1);
        String xml = a.checkjstring(2);
        int type = a.checkint(3);
        boolean blockQueue = a.optboolean(4, false);
        String rpc = CwmpXml.rpcOfType(type);
        if (rpc == null) {
            throw new LuaError("bad argument #3 to 'send_cwmp_message' (message type must be 0..4, got " + type + ")");
        }
        String invalid = CwmpXml.validate(xml, rpc);
        if (invalid != null) {
            return LuaValue.varargsOf(LuaValue.NIL, ResultShapes.error("invalid", invalid));
        }
        if (blockQueue) {
            return queuedAndWait(sn, rpc, new CwmpRpcRequest(null, null, xml, CwmpRpcRequest.MODE_NEXT_INFORM, null));
        }
        return cwmpNow(sn, rpc, new CwmpRpcRequest(null, null, xml, CwmpRpcRequest.MODE_NOW,
                engine.limits().rpcTimeout().toMillis()), engine.limits().rpcTimeout());
    }

    private Varargs sendCwmpAsyncMessage(Varargs a) {
        String sn = a.checkjstring(1);
        String xml = a.checkjstring(2);
        int type = a.checkint(3);
        String rpc = CwmpXml.rpcOfType(type);
        if (rpc == null) {
            throw new LuaError("bad argument #3 to 'send_cwmp_async_message' (message type must be 0..4, got " + type + ")");
        }
        String invalid = CwmpXml.validate(xml, rpc);
        if (invalid != null) {
            return LuaValue.varargsOf(LuaValue.NIL, ResultShapes.error("invalid", invalid));
        }
        return queued(sn, new CwmpRpcRequest(null, null, xml, CwmpRpcRequest.MODE_NEXT_INFORM, null));
    }

    private Varargs sendCwmpRpc(Varargs a) {
        String sn = a.checkjstring(1);
        String rpc = a.checkjstring(2);
        LuaValue args = a.arg(3);
        if (!args.isnil() && !args.istable()) {
            throw new LuaError("bad argument #3 to 'send_cwmp_rpc' (table expected, got " + args.typename() + ")");
        }
        LuaTable opts = a.arg(4).isnil() ? new LuaTable() : a.checktable(4);
        JsonNode argsJson = args.isnil() ? LuaJsonNodes.object() : LuaJson.toJson(args);
        if (argsJson.isArray() && argsJson.isEmpty()) {
            argsJson = LuaJsonNodes.object();
        }
        String mode = opts.get("mode").optjstring(CwmpRpcRequest.MODE_NOW);
        Duration timeout = opts.get("timeout_ms").isnil() ? engine.limits().rpcTimeout()
                : Duration.ofMillis(opts.get("timeout_ms").checklong());
        if (CwmpRpcRequest.MODE_NEXT_INFORM.equals(mode)) {
            return queued(sn, new CwmpRpcRequest(rpc, argsJson, null, mode, null));
        }
        return cwmpNow(sn, rpc, new CwmpRpcRequest(rpc, argsJson, null, CwmpRpcRequest.MODE_NOW, timeout.toMillis()), timeout);
    }

    private Varargs cwmpNow(String sn, String rpc, CwmpRpcRequest req, Duration timeout) {
        Outcome<CwmpRpcReply> o = request(engine.subjects().cwmpRpc(sn), req, CwmpRpcReply.class, timeout.plus(BUS_MARGIN));
        if (o.error != null) {
            return LuaValue.varargsOf(LuaValue.NIL, o.error);
        }
        return ResultShapes.cwmp(rpc, o.value.result(), o.value.error());
    }

    private Varargs queued(String sn, CwmpRpcRequest req) {
        Outcome<CwmpRpcReply> o = request(engine.subjects().cwmpRpc(sn), req, CwmpRpcReply.class, engine.limits().rpcTimeout());
        if (o.error != null) {
            return LuaValue.varargsOf(LuaValue.NIL, o.error);
        }
        if (o.value.error() != null) {
            return LuaValue.varargsOf(LuaValue.NIL, ResultShapes.error(o.value.error().code(), o.value.error().message()));
        }
        LuaTable t = new LuaTable();
        t.set("task_id", o.value.taskId() == null ? LuaValue.NIL : LuaValue.valueOf(o.value.taskId()));
        return t;
    }

    /** block_queue: the task waits in the device's queue (no connection request) and this call waits for its result. */
    private Varargs queuedAndWait(String sn, String rpc, CwmpRpcRequest req) {
        Varargs q = queued(sn, req);
        if (q.arg1().isnil()) {
            return q;
        }
        String taskId = q.arg1().get("task_id").tojstring();
        CompletableFuture<CwmpTaskDoneEvent> f = engine.events().awaitTask(taskId);
        Duration wait = engine.limits().rpcTimeout().multipliedBy(10);
        try {
            return run.blocking(() -> {
                try {
                    CwmpTaskDoneEvent done = f.get(wait.toMillis(), TimeUnit.MILLISECONDS);
                    return ResultShapes.cwmp(rpc, done.result(), done.error());
                } catch (TimeoutException e) {
                    return LuaValue.varargsOf(LuaValue.NIL, ResultShapes.error("timeout",
                            "task " + taskId + " not done within " + wait.toSeconds() + " s"));
                }
            });
        } finally {
            run.afterBlocking();
        }
    }

    private Varargs sendUspMessage(Varargs a) {
        String sn = a.checkjstring(1);
        String json = a.checkjstring(2);
        JsonNode msg;
        try {
            msg = Json.MAPPER.readTree(json);
        } catch (Exception e) {
            return LuaValue.varargsOf(LuaValue.NIL, ResultShapes.error("invalid", "USP message is not JSON: " + e.getMessage()));
        }
        if (msg == null || !msg.isObject() || UspShapes.f(msg, "body") == null) {
            return LuaValue.varargsOf(LuaValue.NIL, ResultShapes.error("invalid", "USP message must be a Msg object with a body"));
        }
        Duration timeout = engine.limits().rpcTimeout();
        Outcome<UspMsgReply> o = request(engine.subjects().uspMsg(sn), new UspMsgRequest(json, timeout.toMillis()),
                UspMsgReply.class, timeout.plus(BUS_MARGIN));
        if (o.error != null) {
            return LuaValue.varargsOf(LuaValue.NIL, o.error);
        }
        if (o.value.error() != null) {
            BusError e = o.value.error();
            return LuaValue.varargsOf(LuaValue.NIL, ResultShapes.error(e.code(), e.message()));
        }
        try {
            return UspShapes.shape(Json.MAPPER.readTree(o.value.msg()));
        } catch (Exception e) {
            return LuaValue.varargsOf(LuaValue.NIL, ResultShapes.error("invalid", "unreadable USP response: " + e.getMessage()));
        }
    }

    private record Outcome<T>(T value, LuaTable error) {}

    private <T> Outcome<T> request(String subject, Object payload, Class<T> type, Duration timeout) {
        CompletableFuture<T> f = engine.bus().request(subject, payload, type, timeout);
        try {
            return run.blocking(() -> {
                try {
                    return new Outcome<T>(f.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS), null);
                } catch (ExecutionException e) {
                    return new Outcome<T>(null, busFailure(e.getCause()));
                } catch (TimeoutException e) {
                    return new Outcome<T>(null, busFailure(e));
                } catch (InterruptedException e) {
                    f.cancel(true);
                    throw e;
                }
            });
        } finally {
            run.afterBlocking();
        }
    }

    static LuaTable busFailure(Throwable c) {
        if (c instanceof ExecutionException ee) {
            c = ee.getCause();
        }
        if (c instanceof RequestTimeoutException || c instanceof TimeoutException) {
            return ResultShapes.error("timeout", c.getMessage() == null ? "no answer in time" : c.getMessage());
        }
        if (c instanceof NoResponderException) {
            return ResultShapes.error("unavailable", c.getMessage());
        }
        return ResultShapes.error("internal", String.valueOf(c));
    }

    // ---- events ----

    private static String anyIfStar(LuaValue v) {
        if (v.isnil()) {
            return null;
        }
        String s = v.tojstring();
        return s.isEmpty() || "*".equals(s) ? null : s;
    }

    /**
     * The arguments every listen_* function shares: up to two filters, then optionally a callback followed by
     * {@code [parallelism [, discard_if_busy]]}. The callback is the first function argument, so the filters
     * before it may be left out ({@code listen_to_usp_event(fn)}, {@code listen_to_device_status(sn, fn)}).
     */
    private record ListenArgs(String first, String second, LuaValue callback, int parallelism, boolean discardIfBusy) {
        static ListenArgs of(Varargs a) {
            int at = 0;
            for (int i = 1; i <= Math.min(a.narg(), 3); i++) {
                if (a.arg(i).isfunction()) {
                    at = i;
                    break;
                }
            }
            String first = at == 1 ? null : anyIfStar(a.arg(1));
            String second = at == 1 || at == 2 ? null : anyIfStar(a.arg(2));
            if (at == 0) {
                return new ListenArgs(first, second, null, 1, false);
            }
            return new ListenArgs(first, second, a.arg(at), a.optint(at + 1, 1), a.optboolean(at + 2, false));
        }

        /** The listener's identity within the run: a blocking loop finds its queue again on each call. */
        String key(String kind) {
            return kind + "|" + first + "|" + second + "|" + (callback != null);
        }
    }

    private Varargs listen(String key, String device, Predicate<ScriptEvent> filter, ListenArgs args) {
        if (args.callback != null) {
            // callbacks run on their own threads, taking turns on the run's Lua state (see RunGuard)
            if (run.listener(key) == null) {
                run.addListener(Listener.callback(run, key, device, filter, engine.limits().listenerQueue(), args.callback,
                        args.parallelism, args.discardIfBusy));
            }
            return LuaValue.NONE;
        }
        Listener l = run.listener(key);
        if (l == null) {
            l = Listener.blocking(run, key, device, filter, engine.limits().listenerQueue());
            run.addListener(l);
        }
        Listener listener = l;
        try {
            ScriptEvent e = run.blocking(listener::take);
            return LuaJson.toLua(e.table());
        } finally {
            run.afterBlocking();
        }
    }

    /** listen_to_cwmp_event([event [, sn]] [, callback [, parallelism [, discard_if_busy]]]) */
    private Varargs listenCwmp(Varargs a) {
        ListenArgs args = ListenArgs.of(a);
        String event = args.first;
        String sn = args.second;
        String kind = "cwmp_task_done".equals(event) ? "cwmp_task_done" : "cwmp_inform";
        Predicate<ScriptEvent> filter = e -> kind.equals(e.kind())
                && (event == null || event.equals(e.code()))
                && (sn == null || sn.equals(e.sn()));
        return listen(args.key("cwmp"), sn, filter, args);
    }

    /** listen_to_usp_event([notify_type [, sn]] [, callback [, parallelism [, discard_if_busy]]]) */
    private Varargs listenUsp(Varargs a) {
        ListenArgs args = ListenArgs.of(a);
        String type = args.first;
        String sn = args.second;
        Predicate<ScriptEvent> filter = e -> "usp_notify".equals(e.kind())
                && (type == null || type.equalsIgnoreCase(e.code()))
                && (sn == null || sn.equals(e.sn()));
        return listen(args.key("usp"), sn, filter, args);
    }

    /** listen_to_new_device([protocol [, model]], callback) */
    private Varargs listenNewDevice(Varargs a) {
        ListenArgs args = ListenArgs.of(a);
        String protocol = args.first;
        String model = args.second;
        Predicate<ScriptEvent> filter = e -> "new_device".equals(e.kind())
                && (protocol == null || protocol.equalsIgnoreCase(e.protocol()))
                && (model == null || model.equals(e.model()));
        return listen(args.key("new"), null, filter, args);
    }

    /** listen_to_device_status([sn], callback) */
    private Varargs listenStatus(Varargs a) {
        ListenArgs args = ListenArgs.of(a);
        String sn = args.first;
        Predicate<ScriptEvent> filter = e -> "device_status".equals(e.kind()) && (sn == null || sn.equals(e.sn()));
        return listen(args.key("status"), sn, filter, args);
    }

    // ---- devices and data ----

    static LuaTable deviceTable(Device d) {
        LuaTable t = new LuaTable();
        t.set("sn", d.sn());
        setIf(t, "model", d.model());
        setIf(t, "vendor", d.vendor());
        setIf(t, "version", d.version());
        setIf(t, "product_class", d.productClass());
        setIf(t, "oui", d.oui());
        t.set("alias", d.alias() == null ? "" : d.alias());
        t.set("status", d.status());
        t.set("cwmp", LuaValue.valueOf(d.cwmp() != null));
        t.set("usp", LuaValue.valueOf(d.usp() != null));
        setIf(t, "data_model", d.dataModel());
        if (d.lastContact() != null) {
            t.set("last_contact", d.lastContact().toString());
        }
        return t;
    }

    private static void setIf(LuaTable t, String k, String v) {
        if (v != null) {
            t.set(k, v);
        }
    }

    private Varargs getDevice(Varargs a) {
        Optional<Device> d = engine.store().devices().findByAnyId(a.checkjstring(1));
        return d.<Varargs>map(CoralFunctions::deviceTable).orElse(LuaValue.FALSE);
    }

    private Varargs getAllDevices(Varargs a) {
        LuaTable f = a.arg(1).isnil() ? new LuaTable() : a.checktable(1);
        Integer status = f.get("status").isnil() ? null : f.get("status").checkint();
        String vendor = f.get("vendor").optjstring(null);
        String model = f.get("model").optjstring(null);
        String protocol = f.get("protocol").optjstring(null);
        String text = f.get("q").optjstring(f.get("text").optjstring(null));
        int limit = f.get("limit").optint(100_000);
        LuaTable out = new LuaTable();
        int i = 1;
        int page = 0;
        while (i <= limit) {
            Page<Device> p = engine.store().devices().query(new DeviceQuery(status, vendor, model, protocol, text, "sn", page, 1000));
            for (Device d : p.items()) {
                if (i > limit) {
                    break;
                }
                out.set(i++, deviceTable(d));
            }
            if (p.items().size() < 1000) {
                break;
            }
            page++;
        }
        return out;
    }

    private Varargs getParameters(Varargs a) {
        String sn = resolve(a.checkjstring(1));
        String prefix = a.optjstring(2, "");
        LuaTable t = new LuaTable();
        for (Parameter p : engine.store().parameters().find(sn, prefix)) {
            t.set(p.path(), p.value() == null ? "" : p.value());
        }
        return t;
    }

    private Varargs refreshParameters(Varargs a) {
        String id = a.checkjstring(1);
        Optional<Device> found = engine.store().devices().findByAnyId(id);
        if (found.isEmpty()) {
            return LuaValue.varargsOf(LuaValue.FALSE, ResultShapes.error("not_found", "no device " + id));
        }
        Device d = found.get();
        String root = "TR-098".equals(d.dataModel()) ? "InternetGatewayDevice." : "Device.";
        java.util.Map<String, String> values = new java.util.LinkedHashMap<>();
        Duration timeout = engine.limits().rpcTimeout();
        if (d.cwmp() != null) {
            ObjectNode args = LuaJsonNodes.object();
            args.putArray("names").add(root);
            Outcome<CwmpRpcReply> o = request(engine.subjects().cwmpRpc(d.sn()),
                    new CwmpRpcRequest("GetParameterValues", args, null, CwmpRpcRequest.MODE_NOW, timeout.toMillis()),
                    CwmpRpcReply.class, timeout.plus(BUS_MARGIN));
            if (o.error != null || o.value.error() != null || o.value.result() == null) {
                LuaTable err = o.error != null ? o.error
                        : o.value.error() != null ? ResultShapes.error(o.value.error().code(), o.value.error().message())
                        : ResultShapes.error("invalid", "empty result");
                return LuaValue.varargsOf(LuaValue.FALSE, err);
            }
            o.value.result().fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().asText()));
        } else {
            String msg = "{\"header\":{\"msg_id\":\"" + UUID.randomUUID() + "\",\"msg_type\":\"GET\"},"
                    + "\"body\":{\"request\":{\"get\":{\"param_paths\":[\"" + root + "\"]}}}}";
            Outcome<UspMsgReply> o = request(engine.subjects().uspMsg(d.sn()), new UspMsgRequest(msg, timeout.toMillis()),
                    UspMsgReply.class, timeout.plus(BUS_MARGIN));
            if (o.error != null || o.value.error() != null) {
                return LuaValue.varargsOf(LuaValue.FALSE, o.error != null ? o.error
                        : ResultShapes.error(o.value.error().code(), o.value.error().message()));
            }
            Varargs shaped;
            try {
                shaped = UspShapes.shape(Json.MAPPER.readTree(o.value.msg()));
            } catch (Exception e) {
                return LuaValue.varargsOf(LuaValue.FALSE, ResultShapes.error("invalid", e.getMessage()));
            }
            LuaValue t = shaped.arg1();
            if (!t.istable() || !t.get("error_code").isnil()) {
                return LuaValue.varargsOf(LuaValue.FALSE, t.istable() ? t : shaped.arg(2));
            }
            LuaValue k = LuaValue.NIL;
            while (true) {
                Varargs n = t.next(k);
                if ((k = n.arg1()).isnil()) {
                    break;
                }
                values.put(k.tojstring(), n.arg(2).tojstring());
            }
        }
        java.time.Instant now = java.time.Instant.now();
        List<Parameter> params = new ArrayList<>(values.size());
        values.forEach((path, value) -> params.add(new Parameter(d.sn(), path, value, null, null, now)));
        engine.store().parameters().upsertAll(d.sn(), params);
        return LuaValue.TRUE;
    }

    private Varargs credential(Varargs a) {
        String user = a.checkjstring(1);
        String pass = a.checkjstring(2);
        LuaTable t = new LuaTable();
        t.set("username", user);
        t.set("password", pass);
        try {
            engine.store().credentials().createOrUpdate(user, pass, engine.credentialRealm());
            t.set("ok", LuaValue.TRUE);
            t.set("error_msg", "");
        } catch (RuntimeException e) {
            t.set("ok", LuaValue.FALSE);
            t.set("error_msg", String.valueOf(e.getMessage()));
        }
        return t;
    }

    // ---- utilities ----

    private Varargs sleep(Varargs a) {
        double seconds = a.checkdouble(1);
        long millis = (long) Math.max(0, seconds * 1000);
        run.blocking(() -> {
            long remaining = millis;
            long deadline = run.guard.deadlineNanos();
            while (remaining > 0) {
                long step = Math.min(remaining, 250);
                Thread.sleep(step);
                remaining -= step;
                run.guard.checkHalted();
                if (deadline != 0 && System.nanoTime() - deadline > 0) {
                    throw run.guard.limit("wall time exceeded (" + engine.limits().wallTime().toMillis() + " ms)");
                }
            }
            return null;
        });
        run.afterBlocking();
        return LuaValue.NONE;
    }

    private Varargs randomString(Varargs a) {
        int n = a.checkint(1);
        if (n < 0 || n > engine.limits().maxStringBytes()) {
            throw new LuaError("bad argument #1 to 'generate_random_string' (length out of range)");
        }
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(ALNUM.charAt(RANDOM.nextInt(ALNUM.length())));
        }
        return LuaValue.valueOf(sb.toString());
    }

    private static Varargs jsonEncode(Varargs a) {
        try {
            String s = Json.MAPPER.writeValueAsString(LuaJson.toJson(a.arg1()));
            return LuaValue.valueOf(s);
        } catch (LuaError e) {
            return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf(e.getMessage()));
        } catch (Exception e) {
            return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf(String.valueOf(e.getMessage())));
        }
    }

    private static Varargs jsonDecode(Varargs a) {
        String s = a.checkjstring(1);
        try {
            JsonNode n = Json.MAPPER.readTree(s);
            if (n == null) {
                return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf("empty JSON text"));
            }
            return LuaJson.toLua(n);
        } catch (Exception e) {
            return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf("invalid JSON: " + e.getMessage()));
        }
    }

    private Varargs log(Varargs a) {
        String level = a.arg1().isstring() ? a.arg1().tojstring().toLowerCase() : "info";
        if (List.of("debug", "info", "warn", "warning", "error").contains(level)) {
            run.log("warning".equals(level) ? "warn" : level, Sandbox.joinArgs(a, 2));
        } else {
            run.log("info", Sandbox.joinArgs(a, 1));
        }
        return LuaValue.NONE;
    }

}
