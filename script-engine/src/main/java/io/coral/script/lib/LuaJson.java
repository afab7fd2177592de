package io.coral.script.lib;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * JSON ⇄ Lua. Objects become tables with string keys, arrays 1-based tables; a table with keys 1..n
 * (n &gt; 0) encodes as an array, any other table as an object (non-string keys are stringified).
 */
public final class LuaJson {
    static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final int MAX_DEPTH = 100;

    private LuaJson() {}

    public static LuaValue toLua(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return LuaValue.NIL;
        }
        if (n.isTextual()) {
            return LuaValue.valueOf(n.textValue());
        }
        if (n.isBoolean()) {
            return LuaValue.valueOf(n.booleanValue());
        }
        if (n.isIntegralNumber()) {
            long v = n.longValue();
            return v == (int) v ? LuaValue.valueOf((int) v) : LuaValue.valueOf((double) v);
        }
        if (n.isNumber()) {
            return LuaValue.valueOf(n.doubleValue());
        }
        if (n.isArray()) {
            LuaTable t = new LuaTable(n.size(), 0);
            int i = 1;
            for (JsonNode e : n) {
                t.set(i++, toLua(e));
            }
            return t;
        }
        if (n.isObject()) {
            LuaTable t = new LuaTable(0, n.size());
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                LuaValue v = toLua(e.getValue());
                if (!v.isnil()) {
                    t.set(e.getKey(), v);
                }
            }
            return t;
        }
        return LuaValue.valueOf(n.asText());
    }

    public static JsonNode toJson(LuaValue v) {
        return toJson(v, 0);
    }

    private static JsonNode toJson(LuaValue v, int depth) {
        if (depth > MAX_DEPTH) {
            throw new LuaError("cannot encode: nested deeper than " + MAX_DEPTH + " (a cycle?)");
        }
        switch (v.type()) {
            case LuaValue.TNIL:
                return F.nullNode();
            case LuaValue.TBOOLEAN:
                return F.booleanNode(v.toboolean());
            case LuaValue.TNUMBER: {
                double d = v.todouble();
                if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 9.0e15) {
                    return F.numberNode((long) d);
                }
                if (Double.isNaN(d) || Double.isInfinite(d)) {
                    throw new LuaError("cannot encode " + v.tojstring() + " in JSON");
                }
                return F.numberNode(d);
            }
            case LuaValue.TSTRING:
                return F.textNode(v.tojstring());
            case LuaValue.TTABLE: {
                LuaTable t = (LuaTable) v;
                int n = t.length();
                int count = 0;
                LuaValue k = LuaValue.NIL;
                boolean arrayLike = n > 0;
                List<LuaValue[]> entries = new ArrayList<>();
                while (true) {
                    Varargs e = t.next(k);
                    if ((k = e.arg1()).isnil()) {
                        break;
                    }
                    count++;
                    entries.add(new LuaValue[] {k, e.arg(2)});
                    if (arrayLike && !(k.isinttype() && k.toint() >= 1 && k.toint() <= n)) {
                        arrayLike = false;
                    }
                }
                if (arrayLike && count == n) {
                    ArrayNode a = F.arrayNode(n);
                    for (int i = 1; i <= n; i++) {
                        a.add(toJson(t.get(i), depth + 1));
                    }
                    return a;
                }
                ObjectNode o = F.objectNode();
                for (LuaValue[] e : entries) {
                    o.set(e[0].tojstring(), toJson(e[1], depth + 1));
                }
                return o;
            }
            default:
                throw new LuaError("cannot encode a " + v.typename() + " in JSON");
        }
    }

    /** Java values (maps, lists, strings, numbers, booleans) to Lua. */
    public static LuaValue fromJava(Object o) {
        return toLua(io.coral.bus.Json.MAPPER.valueToTree(o));
    }
}
