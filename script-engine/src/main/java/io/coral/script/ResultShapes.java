package io.coral.script;

import com.fasterxml.jackson.databind.JsonNode;
import io.coral.bus.command.BusError;
import io.coral.script.lib.LuaJson;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/** Bus results and errors → the documented Lua shapes. */
final class ResultShapes {
    private ResultShapes() {}

    static LuaTable error(String code, String message) {
        LuaTable t = new LuaTable();
        t.set("error_code", code == null ? "internal" : code);
        t.set("error_message", message == null ? "" : message);
        return t;
    }

    static boolean isFault(BusError e) {
        return e.code() != null && e.code().chars().allMatch(Character::isDigit) && !e.code().isEmpty();
    }

    /** CPE fault → {error_message, error_code, raw_response, parameter_faults}. */
    static LuaTable fault(BusError e) {
        LuaTable t = error(e.code(), e.message());
        JsonNode d = e.detail();
        LuaTable faults = new LuaTable();
        if (d != null) {
            if (d.hasNonNull("error_code")) {
                t.set("error_code", d.get("error_code").asText());
            }
            if (d.hasNonNull("error_message")) {
                t.set("error_message", d.get("error_message").asText());
            }
            if (d.hasNonNull("raw_response")) {
                t.set("raw_response", d.get("raw_response").asText());
            }
            JsonNode pf = d.get("parameter_faults");
            if (pf != null && pf.isArray()) {
                int i = 1;
                for (JsonNode f : pf) {
                    LuaTable ft = new LuaTable();
                    ft.set("parameter_name", f.path("parameter_name").asText(""));
                    ft.set("fault_code", f.path("fault_code").asText(""));
                    ft.set("fault_string", f.path("fault_string").asText(""));
                    faults.set(i++, ft);
                }
            }
        }
        t.set("parameter_faults", faults);
        return t;
    }

    /**
     * A CWMP outcome in the documented shapes: GetParameterValues → {path = value}; Set/DeleteObject →
     * true (a fault → false plus the fault table); AddObject → {instance_number, status};
     * GetParameterNames → array of {name, writable}; other RPCs → their result table. A fault on the
     * other RPCs → the fault table; timeout, offline and Coral errors → nil plus an error table.
     */
    static Varargs cwmp(String rpc, JsonNode result, BusError err) {
        boolean booleanRpc = "SetParameterValues".equals(rpc) || "DeleteObject".equals(rpc);
        if (err != null) {
            if (isFault(err)) {
                LuaTable f = fault(err);
                return booleanRpc ? LuaValue.varargsOf(LuaValue.FALSE, f) : f;
            }
            return LuaValue.varargsOf(LuaValue.NIL, error(err.code(), err.message()));
        }
        if (booleanRpc) {
            return LuaValue.TRUE;
        }
        if ("AddObject".equals(rpc)) {
            LuaTable t = new LuaTable();
            t.set("instance_number", LuaJson.toLua(result == null ? null : result.get("instance_number")));
            t.set("status", LuaJson.toLua(result == null ? null : result.get("status")));
            return t;
        }
        if ("GetParameterNames".equals(rpc)) {
            LuaTable t = new LuaTable();
            int i = 1;
            if (result != null) {
                for (JsonNode n : result) {
                    LuaTable e = new LuaTable();
                    e.set("name", n.path("name").asText(""));
                    e.set("writable", LuaValue.valueOf(n.path("writable").asBoolean(false)));
                    t.set(i++, e);
                }
            }
            return t;
        }
        if (result == null || result.isNull()) {
            return new LuaTable();
        }
        return LuaJson.toLua(result);
    }
}
