package io.coral.script.sandbox;

import io.coral.script.Limits;
import org.luaj.vm2.Buffer;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * The string functions LuaJ leaves unbounded: the pattern functions (a budgeted matcher), rep, gsub,
 * format (also corrected) and table.concat/insert (growth checks). Shared by every run: each call finds
 * the calling run's limits through {@link RunGuard#current()}.
 */
final class GuardedStrings {

    private static final Limits DEFAULTS = Limits.defaults();

    private GuardedStrings() {}

    static long patternSteps() {
        RunGuard g = RunGuard.current();
        return g != null ? g.limits().patternSteps() : DEFAULTS.patternSteps();
    }

    static void chargeString(long len) {
        RunGuard g = RunGuard.current();
        if (g != null) {
            g.chargeString(len);
        } else if (len > DEFAULTS.maxStringBytes()) {
            throw new LuaError("string too long: " + len + " bytes");
        }
    }

    static int posrelat(int pos, int len) {
        return pos >= 0 ? pos : (-pos > len ? 0 : len + pos + 1);
    }

    private static boolean noSpecials(LuaString p) {
        for (int i = 0; i < p.m_length; i++) {
            if ("^$*+?.([%-".indexOf(p.m_bytes[p.m_offset + i]) >= 0) {
                return false;
            }
        }
        return true;
    }

    static Varargs findAux(Varargs args, boolean find) {
        LuaString s = args.checkstring(1);
        LuaString pat = args.checkstring(2);
        int ls = s.m_length;
        int init = posrelat(args.optint(3, 1), ls);
        if (init < 1) {
            init = 1;
        } else if (init > ls + 1) {
            return LuaValue.NIL;
        }
        if (find && (args.arg(4).toboolean() || noSpecials(pat))) {
            int r = s.indexOf(pat, init - 1);
            return r < 0 ? LuaValue.NIL : LuaValue.varargsOf(LuaValue.valueOf(r + 1), LuaValue.valueOf(r + pat.m_length));
        }
        boolean anchor = pat.m_length > 0 && pat.luaByte(0) == '^';
        LuaPattern m = new LuaPattern(s, pat, anchor ? 1 : 0, RunGuard.current(), patternSteps());
        try {
            int si = init - 1;
            do {
                int e = m.matchAt(si);
                if (e != -1) {
                    if (find) {
                        return LuaValue.varargsOf(LuaValue.valueOf(si + 1), LuaValue.valueOf(e), m.captures(false, si, e));
                    }
                    return m.captures(true, si, e);
                }
            } while (si++ < ls && !anchor);
            return LuaValue.NIL;
        } finally {
            m.settle();
        }
    }

    static final class Find extends VarArgFunction {
        @Override
        public Varargs invoke(Varargs args) {
            return findAux(args, true);
        }
    }

    static final class Match extends VarArgFunction {
        @Override
        public Varargs invoke(Varargs args) {
            return findAux(args, false);
        }
    }

    static final class GMatch extends VarArgFunction {
        @Override
        public Varargs invoke(Varargs args) {
            LuaString s = args.checkstring(1);
            LuaString pat = args.checkstring(2);
            return new GMatchIterator(new LuaPattern(s, pat, 0, RunGuard.current(), patternSteps()));
        }
    }

    private static final class GMatchIterator extends VarArgFunction {
        private final LuaPattern m;
        private int pos;

        GMatchIterator(LuaPattern m) {
            this.m = m;
        }

        @Override
        public Varargs invoke(Varargs args) {
            try {
                for (int src = pos; src <= m.slen; src++) {
                    int e = m.matchAt(src);
                    if (e != -1) {
                        pos = e == src ? e + 1 : e;
                        return m.captures(true, src, e);
                    }
                }
                pos = m.slen + 1;
                return LuaValue.NIL;
            } finally {
                m.settle();
            }
        }
    }

    static final class GSub extends VarArgFunction {
        @Override
        public Varargs invoke(Varargs args) {
            LuaString src = args.checkstring(1);
            LuaString pat = args.checkstring(2);
            LuaValue repl = args.arg(3);
            int srcl = src.m_length;
            int maxN = args.optint(4, srcl + 1);
            if (!(repl.isstring() || repl.istable() || repl.isfunction())) {
                LuaValue.argerror(3, "string/function/table expected");
            }
            boolean anchor = pat.m_length > 0 && pat.luaByte(0) == '^';
            LuaPattern m = new LuaPattern(src, pat, anchor ? 1 : 0, RunGuard.current(), patternSteps());
            Buffer out = new Buffer(srcl);
            int si = 0;
            int n = 0;
            long outLen = 0;
            try {
                while (n < maxN) {
                    int e = m.matchAt(si);
                    if (e != -1) {
                        n++;
                        LuaValue piece = replacement(m, si, e, repl);
                        outLen += piece.length();
                        checkLength(outLen);
                        out.append(piece.strvalue());
                    }
                    if (e != -1 && e > si) {
                        si = e;
                    } else if (si < srcl) {
                        out.append((byte) m.s[si++]);
                        outLen++;
                    } else {
                        break;
                    }
                    if (anchor) {
                        break;
                    }
                }
                if (si < srcl) {
                    outLen += srcl - si;
                    checkLength(outLen);
                    out.append(LuaString.valueOf(m.s, si, srcl - si));
                }
            } finally {
                m.settle();
            }
            chargeString(outLen);
            return LuaValue.varargsOf(out.tostring(), LuaValue.valueOf(n));
        }

        private static void checkLength(long len) {
            RunGuard g = RunGuard.current();
            int max = g != null ? g.limits().maxStringBytes() : DEFAULTS.maxStringBytes();
            if (len > max) {
                chargeString(len);
            }
        }

        private static LuaValue replacement(LuaPattern m, int si, int e, LuaValue repl) {
            LuaValue value;
            if (repl.isstring()) {
                LuaString r = repl.strvalue();
                Buffer b = new Buffer(r.m_length);
                for (int k = 0; k < r.m_length; k++) {
                    byte c = r.m_bytes[r.m_offset + k];
                    if (c != '%') {
                        b.append(c);
                        continue;
                    }
                    k++;
                    byte d = k < r.m_length ? r.m_bytes[r.m_offset + k] : 0;
                    if (d == '%') {
                        b.append((byte) '%');
                    } else if (d >= '0' && d <= '9') {
                        LuaValue cap = d == '0' ? LuaString.valueOf(m.s, si, e - si) : m.capture(d - '1', si, e);
                        b.append(cap.tostring().strvalue());
                    } else {
                        throw new LuaError("invalid use of '%' in replacement string");
                    }
                }
                return b.tostring();
            } else if (repl.isfunction()) {
                value = repl.invoke(m.captures(true, si, e)).arg1();
            } else {
                value = repl.get(m.capture(0, si, e));
            }
            if (!value.toboolean()) {
                return LuaString.valueOf(m.s, si, e - si);
            }
            if (!value.isstring()) {
                throw new LuaError("invalid replacement value (a " + value.typename() + ")");
            }
            return value.tostring();
        }
    }

    static final class Rep extends VarArgFunction {
        @Override
        public Varargs invoke(Varargs args) {
            LuaString s = args.checkstring(1);
            int n = args.checkint(2);
            LuaString sep = args.optstring(3, LuaString.valueOf(""));
            if (n <= 0) {
                return LuaValue.valueOf("");
            }
            long total = (long) s.m_length * n + (long) sep.m_length * (n - 1);
            if (total == 0) {
                return LuaValue.valueOf("");
            }
            chargeString(total);
            byte[] out = new byte[(int) total];
            int o = 0;
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    System.arraycopy(sep.m_bytes, sep.m_offset, out, o, sep.m_length);
                    o += sep.m_length;
                }
                System.arraycopy(s.m_bytes, s.m_offset, out, o, s.m_length);
                o += s.m_length;
            }
            return LuaString.valueOf(out);
        }
    }

    static final class Format extends VarArgFunction {
        @Override
        public Varargs invoke(Varargs args) {
            return LuaFormat.format(args);
        }
    }

    static final class Concat extends VarArgFunction {
        @Override
        public Varargs invoke(Varargs args) {
            LuaTable t = args.checktable(1);
            LuaString sep = args.optstring(2, LuaString.valueOf(""));
            int i = args.optint(3, 1);
            int j = args.isnoneornil(4) ? t.length() : args.checkint(4);
            long total = 0;
            for (int k = i; k <= j; k++) {
                LuaValue v = t.get(k);
                if (!v.isstring()) {
                    throw new LuaError("invalid value (at index " + k + ") in table for 'concat'");
                }
                total += v.length() + (k > i ? sep.m_length : 0);
                if (total > Integer.MAX_VALUE) {
                    break;
                }
            }
            chargeString(total);
            return t.concat(sep, i, j);
        }
    }

    static final class Insert extends VarArgFunction {
        @Override
        public Varargs invoke(Varargs args) {
            LuaTable t = args.checktable(1);
            RunGuard g = RunGuard.current();
            if (g != null) {
                g.checkTableGrowth(t, 1);
            }
            switch (args.narg()) {
                case 2 -> t.insert(t.length() + 1, args.arg(2));
                case 3 -> {
                    int pos = args.checkint(2);
                    int max = t.length() + 1;
                    if (pos < 1 || pos > max) {
                        LuaValue.argerror(2, "position out of bounds");
                    }
                    t.insert(pos, args.arg(3));
                }
                default -> throw new LuaError("wrong number of arguments to 'insert'");
            }
            return LuaValue.NONE;
        }
    }

    /** table.unpack: LuaJ allocates the whole range up front, so {@code unpack({}, 1, 1e8)} is bounded here. */
    static final class Unpack extends VarArgFunction {
        @Override
        public Varargs invoke(Varargs args) {
            LuaTable t = args.checktable(1);
            int i = args.optint(2, 1);
            int j = args.isnoneornil(3) ? t.length() : args.checkint(3);
            long n = (long) j - i + 1;
            RunGuard g = RunGuard.current();
            long max = g != null ? g.limits().maxTableEntries() : DEFAULTS.maxTableEntries();
            if (n > max) {
                if (g != null) {
                    throw g.limit("too many results to unpack: " + n + " (max " + max + ")");
                }
                throw new LuaError("too many results to unpack");
            }
            return n <= 0 ? LuaValue.NONE : t.unpack(i, j);
        }
    }

    static final class RawSet extends VarArgFunction {
        @Override
        public Varargs invoke(Varargs args) {
            LuaTable t = args.checktable(1);
            LuaValue k = args.checknotnil(2);
            RunGuard g = RunGuard.current();
            if (g != null) {
                g.checkTableGrowth(t, 1);
            }
            t.rawset(k, args.arg(3));
            return t;
        }
    }
}
