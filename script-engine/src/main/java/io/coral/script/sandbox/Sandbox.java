package io.coral.script.sandbox;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.function.Function;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaThread;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.BaseLib;
import org.luaj.vm2.lib.Bit32Lib;
import org.luaj.vm2.lib.OneArgFunction;
import org.luaj.vm2.lib.OsLib;
import org.luaj.vm2.lib.StringLib;
import org.luaj.vm2.lib.TableLib;
import org.luaj.vm2.lib.VarArgFunction;
import org.luaj.vm2.lib.jse.JseMathLib;

/**
 * Builds one run's globals: Lua's base library without dofile/loadfile, a text-only {@code load} into
 * the same globals, string/table/math/bit32 (string and table guarded), a coroutine table that caps
 * coroutines, and {@code os.time/clock/date} only. No io, debug, luajava, package or Java access.
 */
public final class Sandbox {

    private static final LuaTable STRING_FUNCS;
    private static final LuaTable STRING_META;
    private static final LuaTable BOOLEAN_META;
    private static final LuaTable TABLE_FUNCS;
    private static final LuaTable MATH_FUNCS;
    private static final LuaTable BIT32_FUNCS;
    private static final LuaTable OS_FUNCS;

    static {
        Globals scratch = new Globals();
        LuaTable pkg = new LuaTable();
        pkg.set("loaded", new LuaTable());
        scratch.set("package", pkg);
        scratch.load(new StringLib());
        scratch.load(new TableLib());
        scratch.load(new JseMathLib());
        scratch.load(new Bit32Lib());
        scratch.load(new OsLib());

        LuaTable string = copy((LuaTable) scratch.get("string"));
        string.set("dump", LuaValue.NIL);
        string.set("find", new GuardedStrings.Find());
        string.set("match", new GuardedStrings.Match());
        string.set("gmatch", new GuardedStrings.GMatch());
        string.set("gsub", new GuardedStrings.GSub());
        string.set("rep", new GuardedStrings.Rep());
        string.set("format", new GuardedStrings.Format());
        STRING_FUNCS = new ReadOnlyTable(string);
        LuaTable meta = new LuaTable();
        meta.set(LuaValue.INDEX, STRING_FUNCS);
        meta.set(LuaValue.METATABLE, LuaValue.valueOf("the string metatable is read-only"));
        STRING_META = new ReadOnlyTable(meta);
        LuaString.s_metatable = STRING_META;
        LuaTable boolMeta = new LuaTable();
        boolMeta.set(LuaValue.CONCAT, new org.luaj.vm2.lib.TwoArgFunction() {
            @Override
            public LuaValue call(LuaValue a, LuaValue b) {
                return LuaValue.valueOf(text(a) + text(b));
            }
        });
        BOOLEAN_META = new ReadOnlyTable(boolMeta);
        org.luaj.vm2.LuaBoolean.s_metatable = BOOLEAN_META;

        LuaTable table = copy((LuaTable) scratch.get("table"));
        table.set("concat", new GuardedStrings.Concat());
        table.set("insert", new GuardedStrings.Insert());
        table.set("unpack", new GuardedStrings.Unpack());
        TABLE_FUNCS = table;
        MATH_FUNCS = (LuaTable) scratch.get("math");
        BIT32_FUNCS = (LuaTable) scratch.get("bit32");
        LuaTable allOs = (LuaTable) scratch.get("os");
        LuaTable os = new LuaTable();
        for (String name : new String[] {"time", "clock", "date", "difftime"}) {
            os.set(name, allOs.get(name));
        }
        OS_FUNCS = os;
    }

    private Sandbox() {}

    /**
     * Makes sure the process-wide string metatable is still the read-only one (something else may load
     * StringLib). Booleans get a {@code __concat} so the user's documented loops ({@code print(key .. ": " ..
     * value)} over get_device, whose cwmp/usp fields are booleans) run unchanged.
     */
    public static void protectStringMetatable() {
        if (LuaString.s_metatable != STRING_META) {
            LuaString.s_metatable = STRING_META;
        }
        if (org.luaj.vm2.LuaBoolean.s_metatable != BOOLEAN_META) {
            org.luaj.vm2.LuaBoolean.s_metatable = BOOLEAN_META;
        }
    }

    private static String text(LuaValue v) {
        if (v.isstring() || v.isboolean()) {
            return v.tojstring();
        }
        throw new LuaError("attempt to concatenate a " + v.typename() + " value");
    }

    private static LuaTable copy(LuaTable t) {
        LuaTable c = new LuaTable();
        LuaValue k = LuaValue.NIL;
        while (true) {
            Varargs n = t.next(k);
            if ((k = n.arg1()).isnil()) {
                return c;
            }
            c.rawset(k, n.arg(2));
        }
    }

    /** Output of print and log: the run's log. */
    public interface LogSink {
        void log(String level, String text);
    }

    /**
     * Fresh globals for one run, guarded by {@code guard}. {@code require} resolves library names to a
     * compiled prototype (or null when there is no such library).
     */
    public static Globals newGlobals(RunGuard guard, LogSink log, Function<String, Prototype> libraries) {
        protectStringMetatable();
        Globals g = new Globals();
        g.load(new BaseLib());
        g.set("dofile", LuaValue.NIL);
        g.set("loadfile", LuaValue.NIL);
        g.set("load", new Load(g));
        g.set("loadstring", new Load(g));
        g.set("collectgarbage", new CollectGarbage());
        g.set("rawset", new GuardedStrings.RawSet());
        g.set("print", new Print(log));
        g.set("string", copy(STRING_FUNCS));
        g.set("table", copy(TABLE_FUNCS));
        g.set("unpack", TABLE_FUNCS.get("unpack"));
        g.set("math", copy(MATH_FUNCS));
        g.set("bit32", copy(BIT32_FUNCS));
        g.set("os", copy(OS_FUNCS));
        g.set("coroutine", coroutines(g, guard));
        g.set("require", new Require(g, libraries));
        g.compiler = LuaC.instance;
        guard.attach(g);
        return g;
    }

    /** Compiles Lua source text (never a binary chunk). */
    public static Prototype compile(String source, String chunkName) {
        byte[] bytes = source.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return compile(bytes, chunkName);
    }

    static Prototype compile(byte[] bytes, String chunkName) {
        if (bytes.length > 0 && bytes[0] == 0x1b) {
            throw new LuaError("attempt to load a binary chunk (mode is 't')");
        }
        try {
            return GuardedPrototype.of(LuaC.instance.compile(new ByteArrayInputStream(bytes), chunkName));
        } catch (IOException e) {
            throw new LuaError(e.getMessage());
        }
    }

    private static LuaTable coroutines(Globals g, RunGuard guard) {
        LuaTable co = new LuaTable();
        co.set("create", new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue f) {
                return guard.newCoroutine(f.checkfunction());
            }
        });
        co.set("wrap", new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue f) {
                LuaThread t = guard.newCoroutine(f.checkfunction());
                return new VarArgFunction() {
                    @Override
                    public Varargs invoke(Varargs args) {
                        Varargs r = guard.resume(t, args);
                        if (r.arg1().toboolean()) {
                            return r.subargs(2);
                        }
                        throw new LuaError(r.arg(2).tojstring());
                    }
                };
            }
        });
        co.set("resume", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return guard.resume(args.checkthread(1), args.subargs(2));
            }
        });
        co.set("yield", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                if (g.running.isMainThread()) {
                    throw new LuaError("attempt to yield from outside a coroutine");
                }
                return g.yield(args);
            }
        });
        co.set("status", new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue t) {
                return LuaValue.valueOf(t.checkthread().getStatus());
            }
        });
        co.set("running", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                LuaThread r = g.running;
                return LuaValue.varargsOf(r, LuaValue.valueOf(r.isMainThread()));
            }
        });
        return co;
    }

    /** load(ld [, source [, mode [, env]]]): text chunks only, always into the run's own globals. */
    private static final class Load extends VarArgFunction {
        private final Globals g;

        Load(Globals g) {
            this.g = g;
        }

        @Override
        public Varargs invoke(Varargs args) {
            LuaValue ld = args.arg1();
            String chunkName = args.optjstring(2, "=(load)");
            String mode = args.optjstring(3, "bt");
            LuaValue env = args.arg(4);
            if (!env.isnil() && env != g) {
                throw new LuaError("load: a custom environment is not allowed in the sandbox");
            }
            byte[] bytes;
            if (ld.isstring()) {
                bytes = LuaPattern.bytes(ld.strvalue());
            } else if (ld.isfunction()) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                while (true) {
                    LuaValue piece = ld.call();
                    if (piece.isnil() || piece.length() == 0) {
                        break;
                    }
                    if (!piece.isstring()) {
                        return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf("reader function must return a string"));
                    }
                    GuardedStrings.chargeString(out.size() + (long) piece.length());
                    byte[] b = LuaPattern.bytes(piece.strvalue());
                    out.write(b, 0, b.length);
                }
                bytes = out.toByteArray();
            } else {
                throw new LuaError("bad argument #1 to 'load' (string or function expected)");
            }
            if (bytes.length > 0 && bytes[0] == 0x1b) {
                return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf("attempt to load a binary chunk (binary chunks are not allowed)"));
            }
            if (!mode.contains("t")) {
                return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf("attempt to load a text chunk (mode is '" + mode + "')"));
            }
            try {
                return new LuaClosure(compile(bytes, chunkName), g);
            } catch (LuaError e) {
                return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf(e.getMessage()));
            }
        }
    }

    private static final class CollectGarbage extends VarArgFunction {
        @Override
        public Varargs invoke(Varargs args) {
            String opt = args.optjstring(1, "collect");
            if (!"count".equals(opt)) {
                throw new LuaError("collectgarbage: only \"count\" is allowed");
            }
            Runtime rt = Runtime.getRuntime();
            double kb = (rt.totalMemory() - rt.freeMemory()) / 1024.0;
            return LuaValue.varargsOf(LuaValue.valueOf(kb), LuaValue.valueOf(0));
        }
    }

    private static final class Print extends VarArgFunction {
        private final LogSink log;

        Print(LogSink log) {
            this.log = log;
        }

        @Override
        public Varargs invoke(Varargs args) {
            log.log("info", joinArgs(args, 1));
            return LuaValue.NONE;
        }
    }

    /** tostring of each argument (with __tostring), tab separated, like print. */
    public static String joinArgs(Varargs args, int from) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i <= args.narg(); i++) {
            if (i > from) {
                sb.append('\t');
            }
            LuaValue v = args.arg(i);
            LuaValue meta = v.metatag(LuaValue.TOSTRING);
            sb.append(!meta.isnil() ? meta.call(v).tojstring() : v.tojstring());
        }
        return sb.toString();
    }

    private static final class Require extends OneArgFunction {
        private static final LuaValue LOADING = LuaValue.userdataOf(new Object());
        private final Globals g;
        private final Function<String, Prototype> libraries;
        private final LuaTable loaded = new LuaTable();

        Require(Globals g, Function<String, Prototype> libraries) {
            this.g = g;
            this.libraries = libraries;
        }

        @Override
        public LuaValue call(LuaValue arg) {
            LuaString name = arg.checkstring();
            LuaValue have = loaded.get(name);
            if (have == LOADING) {
                throw new LuaError("loop or previous error loading module '" + name + "'");
            }
            if (!have.isnil()) {
                return have;
            }
            Prototype p = libraries.apply(name.tojstring());
            if (p == null) {
                throw new LuaError("module '" + name + "' not found (no library script of that name)");
            }
            loaded.set(name, LOADING);
            try {
                LuaValue result = new LuaClosure(p, g).call(name);
                LuaValue value = result.isnil() ? LuaValue.TRUE : result;
                loaded.set(name, value);
                return value;
            } catch (RuntimeException e) {
                loaded.set(name, LuaValue.NIL);
                throw e;
            }
        }
    }
}
