package io.coral.script;

import com.fasterxml.jackson.databind.JsonNode;
import io.coral.script.lib.LuaJson;
import java.util.Iterator;
import java.util.Map;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * A USP response Msg (protobuf JSON; field names in either lowerCamelCase or the proto's snake_case)
 * → the Lua shapes: Get → {path = value}; Set → {path = new value}; Add → array of {requested_path,
 * instantiated_path, unique_keys}; Delete → {affected_paths, unaffected_path_errs}; Operate → array of
 * {executed_command, req_obj_path | output_args | error_code, error_message}; Error → {error_message,
 * error_code, param_errors}. Per-path failures beside successes come back as a second value.
 */
final class UspShapes {
    private UspShapes() {}

    /** Field by proto name, accepting the JSON (camelCase) spelling too. */
    static JsonNode f(JsonNode n, String snake) {
        if (n == null) {
            return null;
        }
        JsonNode v = n.get(snake);
        if (v != null) {
            return v;
        }
        StringBuilder camel = new StringBuilder();
        boolean up = false;
        for (char c : snake.toCharArray()) {
            if (c == '_') {
                up = true;
            } else {
                camel.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return n.get(camel.toString());
    }

    private static Iterable<JsonNode> arr(JsonNode n, String snake) {
        JsonNode a = f(n, snake);
        return a != null && a.isArray() ? a : java.util.List.of();
    }

    private static String text(JsonNode n, String snake) {
        JsonNode v = f(n, snake);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static LuaTable errorEntry(String path, String code, String msg) {
        LuaTable e = new LuaTable();
        if (path != null) {
            e.set("param_path", path);
        }
        e.set("err_code", code == null ? "" : code);
        e.set("err_msg", msg == null ? "" : msg);
        return e;
    }

    static Varargs shape(JsonNode msg) {
        JsonNode body = f(msg, "body");
        if (body == null) {
            return LuaValue.varargsOf(LuaValue.NIL, ResultShapes.error("invalid", "USP response without body"));
        }
        JsonNode error = f(body, "error");
        if (error != null) {
            LuaTable t = ResultShapes.error(text(error, "err_code"), text(error, "err_msg"));
            LuaTable pe = new LuaTable();
            int i = 1;
            for (JsonNode p : arr(error, "param_errs")) {
                pe.set(i++, errorEntry(text(p, "param_path"), text(p, "err_code"), text(p, "err_msg")));
            }
            t.set("param_errors", pe);
            return t;
        }
        JsonNode resp = f(body, "response");
        if (resp == null) {
            return LuaValue.varargsOf(LuaValue.NIL, ResultShapes.error("invalid", "USP reply is not a response"));
        }
        LuaTable errors = new LuaTable();
        int ne = 0;
        JsonNode r;
        LuaTable out = new LuaTable();
        int ok = 0;
        if ((r = f(resp, "get_resp")) != null) {
            for (JsonNode req : arr(r, "req_path_results")) {
                String code = text(req, "err_code");
                if (code != null && !"0".equals(code)) {
                    errors.set(++ne, errorEntry(text(req, "requested_path"), code, text(req, "err_msg")));
                    continue;
                }
                ok++;
                for (JsonNode res : arr(req, "resolved_path_results")) {
                    String base = text(res, "resolved_path");
                    putAll(out, base, f(res, "result_params"));
                }
            }
        } else if ((r = f(resp, "set_resp")) != null) {
            for (JsonNode u : arr(r, "updated_obj_results")) {
                JsonNode st = f(u, "oper_status");
                JsonNode fail = f(st, "oper_failure");
                if (fail != null) {
                    errors.set(++ne, errorEntry(text(u, "requested_path"), text(fail, "err_code"), text(fail, "err_msg")));
                    continue;
                }
                ok++;
                for (JsonNode inst : arr(f(st, "oper_success"), "updated_inst_results")) {
                    putAll(out, text(inst, "affected_path"), f(inst, "updated_params"));
                    for (JsonNode pe : arr(inst, "param_errs")) {
                        errors.set(++ne, errorEntry(text(inst, "affected_path") + text(pe, "param"),
                                text(pe, "err_code"), text(pe, "err_msg")));
                    }
                }
            }
        } else if ((r = f(resp, "add_resp")) != null) {
            int i = 1;
            for (JsonNode c : arr(r, "created_obj_results")) {
                JsonNode st = f(c, "oper_status");
                JsonNode fail = f(st, "oper_failure");
                if (fail != null) {
                    errors.set(++ne, errorEntry(text(c, "requested_path"), text(fail, "err_code"), text(fail, "err_msg")));
                    continue;
                }
                ok++;
                JsonNode s = f(st, "oper_success");
                LuaTable e = new LuaTable();
                e.set("requested_path", nz(text(c, "requested_path")));
                e.set("instantiated_path", nz(text(s, "instantiated_path")));
                e.set("unique_keys", mapTable(f(s, "unique_keys")));
                out.set(i++, e);
            }
        } else if ((r = f(resp, "delete_resp")) != null) {
            LuaTable affected = new LuaTable();
            LuaTable unaffected = new LuaTable();
            int na = 0;
            int nu = 0;
            for (JsonNode d : arr(r, "deleted_obj_results")) {
                JsonNode st = f(d, "oper_status");
                JsonNode fail = f(st, "oper_failure");
                if (fail != null) {
                    errors.set(++ne, errorEntry(text(d, "requested_path"), text(fail, "err_code"), text(fail, "err_msg")));
                    continue;
                }
                ok++;
                JsonNode s = f(st, "oper_success");
                for (JsonNode p : arr(s, "affected_paths")) {
                    affected.set(++na, p.asText());
                }
                for (JsonNode u : arr(s, "unaffected_path_errs")) {
                    unaffected.set(++nu, errorEntry(text(u, "unaffected_path"), text(u, "err_code"), text(u, "err_msg")));
                }
            }
            out.set("affected_paths", affected);
            out.set("unaffected_path_errs", unaffected);
        } else if ((r = f(resp, "operate_resp")) != null) {
            int i = 1;
            for (JsonNode o : arr(r, "operation_results")) {
                LuaTable e = new LuaTable();
                e.set("executed_command", nz(text(o, "executed_command")));
                JsonNode failure = f(o, "cmd_failure");
                if (failure != null) {
                    e.set("error_code", nz(text(failure, "err_code")));
                    e.set("error_message", nz(text(failure, "err_msg")));
                } else if (f(o, "req_obj_path") != null) {
                    e.set("req_obj_path", text(o, "req_obj_path"));
                } else {
                    e.set("output_args", mapTable(f(f(o, "req_output_args"), "output_args")));
                }
                ok++;
                out.set(i++, e);
            }
        } else {
            Iterator<Map.Entry<String, JsonNode>> it = resp.fields();
            return it.hasNext() ? LuaJson.toLua(it.next().getValue()) : new LuaTable();
        }
        if (ok == 0 && ne > 0) {
            LuaTable first = (LuaTable) errors.get(1);
            LuaTable t = ResultShapes.error(first.get("err_code").tojstring(), first.get("err_msg").tojstring());
            t.set("param_errors", errors);
            return t;
        }
        if (ne > 0) {
            LuaTable t = ResultShapes.error(((LuaTable) errors.get(1)).get("err_code").tojstring(), "partial failure");
            t.set("param_errors", errors);
            return LuaValue.varargsOf(out, t);
        }
        return out;
    }

    private static LuaValue nz(String s) {
        return s == null ? LuaValue.NIL : LuaValue.valueOf(s);
    }

    private static void putAll(LuaTable out, String base, JsonNode params) {
        if (params == null) {
            return;
        }
        String prefix = base == null ? "" : base;
        for (Iterator<Map.Entry<String, JsonNode>> it = params.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.set(prefix + e.getKey(), e.getValue().asText());
        }
    }

    private static LuaTable mapTable(JsonNode m) {
        LuaTable t = new LuaTable();
        if (m != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = m.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                t.set(e.getKey(), e.getValue().asText());
            }
        }
        return t;
    }
}
