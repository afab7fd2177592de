package io.coral.script.sandbox;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * A Lua 5.2 pattern matcher with a step budget. LuaJ's own matcher backtracks without bound and the
 * instruction hook never fires inside a library call, so {@code string.find(("a"):rep(800), ".-.-.-b$")}
 * would run for minutes; this one throws a limit error once {@code maxSteps} is spent.
 */
final class LuaPattern {

    private static final int MAX_CAPTURES = 32;
    private static final int MAX_DEPTH = 200;
    private static final int CAP_UNFINISHED = -1;
    private static final int CAP_POSITION = -2;

    final byte[] s;
    final int slen;
    private final byte[] p;
    private final int plen;
    private final int pstart;
    private final long maxSteps;
    private final RunGuard guard;
    int level;
    private final int[] capStart = new int[MAX_CAPTURES];
    private final int[] capLen = new int[MAX_CAPTURES];
    private long steps;
    private int depth;

    LuaPattern(LuaString src, LuaString pat, int patternStart, RunGuard guard, long maxSteps) {
        this.s = bytes(src);
        this.slen = s.length;
        this.p = bytes(pat);
        this.plen = p.length;
        this.pstart = patternStart;
        this.guard = guard;
        this.maxSteps = maxSteps;
    }

    static byte[] bytes(LuaString str) {
        byte[] b = new byte[str.m_length];
        System.arraycopy(str.m_bytes, str.m_offset, b, 0, str.m_length);
        return b;
    }

    /** Tries to match at {@code si}; returns the end index or -1. */
    int matchAt(int si) {
        level = 0;
        depth = 0;
        return doMatch(si, pstart);
    }

    /** Charges the steps spent so far to the run's instruction budget. */
    void settle() {
        if (guard != null && steps > 0) {
            guard.chargeSteps(steps / 4);
        }
        steps = 0;
    }

    private void step() {
        if (++steps > maxSteps) {
            String msg = "pattern too complex: more than " + maxSteps + " matching steps";
            if (guard != null) {
                throw guard.limit(msg);
            }
            throw new LuaError(msg);
        }
    }

    private int doMatch(int si, int pi) {
        if (++depth > MAX_DEPTH) {
            throw new LuaError("pattern too complex");
        }
        try {
            while (true) {
                step();
                if (pi == plen) {
                    return si;
                }
                byte pc = p[pi];
                if (pc == '(') {
                    if (pi + 1 < plen && p[pi + 1] == ')') {
                        return startCapture(si, pi + 2, CAP_POSITION);
                    }
                    return startCapture(si, pi + 1, CAP_UNFINISHED);
                } else if (pc == ')') {
                    return endCapture(si, pi + 1);
                } else if (pc == '$' && pi + 1 == plen) {
                    return si == slen ? si : -1;
                } else if (pc == '%' && pi + 1 < plen && p[pi + 1] == 'b') {
                    si = matchBalance(si, pi + 2);
                    if (si == -1) {
                        return -1;
                    }
                    pi += 4;
                    continue;
                } else if (pc == '%' && pi + 1 < plen && p[pi + 1] == 'f') {
                    pi += 2;
                    if (pi >= plen || p[pi] != '[') {
                        throw new LuaError("missing '[' after '%f' in pattern");
                    }
                    int ep = classEnd(pi);
                    int prev = si == 0 ? 0 : s[si - 1] & 0xff;
                    int cur = si < slen ? s[si] & 0xff : 0;
                    if (!matchBracketClass(prev, pi, ep - 1) && matchBracketClass(cur, pi, ep - 1)) {
                        pi = ep;
                        continue;
                    }
                    return -1;
                } else if (pc == '%' && pi + 1 < plen && Character.isDigit(p[pi + 1])) {
                    si = matchCapture(si, p[pi + 1]);
                    if (si == -1) {
                        return -1;
                    }
                    pi += 2;
                    continue;
                }
                int ep = classEnd(pi);
                boolean m = si < slen && singleMatch(s[si] & 0xff, pi, ep);
                int epc = ep < plen ? p[ep] : 0;
                switch (epc) {
                    case '?': {
                        if (m) {
                            int r = doMatch(si + 1, ep + 1);
                            if (r != -1) {
                                return r;
                            }
                        }
                        pi = ep + 1;
                        continue;
                    }
                    case '*':
                        return maxExpand(si, pi, ep);
                    case '+':
                        return m ? maxExpand(si + 1, pi, ep) : -1;
                    case '-':
                        return minExpand(si, pi, ep);
                    default:
                        if (!m) {
                            return -1;
                        }
                        si++;
                        pi = ep;
                }
            }
        } finally {
            depth--;
        }
    }

    private int maxExpand(int si, int pi, int ep) {
        int i = 0;
        while (si + i < slen && singleMatch(s[si + i] & 0xff, pi, ep)) {
            i++;
            step();
        }
        while (i >= 0) {
            int r = doMatch(si + i, ep + 1);
            if (r != -1) {
                return r;
            }
            i--;
        }
        return -1;
    }

    private int minExpand(int si, int pi, int ep) {
        while (true) {
            int r = doMatch(si, ep + 1);
            if (r != -1) {
                return r;
            }
            if (si < slen && singleMatch(s[si] & 0xff, pi, ep)) {
                si++;
            } else {
                return -1;
            }
        }
    }

    private int startCapture(int si, int pi, int what) {
        if (level >= MAX_CAPTURES) {
            throw new LuaError("too many captures");
        }
        capStart[level] = si;
        capLen[level] = what;
        level++;
        int r = doMatch(si, pi);
        if (r == -1) {
            level--;
        }
        return r;
    }

    private int endCapture(int si, int pi) {
        int l = -1;
        for (int i = level - 1; i >= 0; i--) {
            if (capLen[i] == CAP_UNFINISHED) {
                l = i;
                break;
            }
        }
        if (l < 0) {
            throw new LuaError("invalid pattern capture");
        }
        capLen[l] = si - capStart[l];
        int r = doMatch(si, pi);
        if (r == -1) {
            capLen[l] = CAP_UNFINISHED;
        }
        return r;
    }

    private int matchBalance(int si, int pi) {
        if (pi + 1 >= plen) {
            throw new LuaError("missing arguments to '%b'");
        }
        if (si >= slen || s[si] != p[pi]) {
            return -1;
        }
        byte b = p[pi];
        byte e = p[pi + 1];
        int cont = 1;
        for (int i = si + 1; i < slen; i++) {
            step();
            byte c = s[i];
            if (c == e) {
                if (--cont == 0) {
                    return i + 1;
                }
            } else if (c == b) {
                cont++;
            }
        }
        return -1;
    }

    private int matchCapture(int si, int l) {
        int idx = l - '1';
        if (idx < 0 || idx >= level || capLen[idx] == CAP_UNFINISHED) {
            throw new LuaError("invalid capture index %" + (idx + 1));
        }
        int len = capLen[idx];
        if (slen - si >= len) {
            for (int k = 0; k < len; k++) {
                if (s[capStart[idx] + k] != s[si + k]) {
                    return -1;
                }
            }
            return si + len;
        }
        return -1;
    }

    private int classEnd(int pi) {
        byte c = p[pi++];
        if (c == '%') {
            if (pi >= plen) {
                throw new LuaError("malformed pattern (ends with '%')");
            }
            return pi + 1;
        }
        if (c == '[') {
            if (pi < plen && p[pi] == '^') {
                pi++;
            }
            do {
                if (pi >= plen) {
                    throw new LuaError("malformed pattern (missing ']')");
                }
                byte cc = p[pi++];
                if (cc == '%' && pi < plen) {
                    pi++;
                }
            } while (pi >= plen || p[pi] != ']');
            return pi + 1;
        }
        return pi;
    }

    private boolean singleMatch(int c, int pi, int ep) {
        switch (p[pi]) {
            case '.':
                return true;
            case '%':
                return matchClass(c, p[pi + 1] & 0xff);
            case '[':
                return matchBracketClass(c, pi, ep - 1);
            default:
                return (p[pi] & 0xff) == c;
        }
    }

    private boolean matchBracketClass(int c, int pi, int ec) {
        boolean sig = true;
        if (p[pi + 1] == '^') {
            sig = false;
            pi++;
        }
        while (++pi < ec) {
            if (p[pi] == '%') {
                pi++;
                if (matchClass(c, p[pi] & 0xff)) {
                    return sig;
                }
            } else if (pi + 2 < ec && p[pi + 1] == '-') {
                pi += 2;
                if ((p[pi - 2] & 0xff) <= c && c <= (p[pi] & 0xff)) {
                    return sig;
                }
            } else if ((p[pi] & 0xff) == c) {
                return sig;
            }
        }
        return !sig;
    }

    static boolean matchClass(int c, int cl) {
        boolean res;
        switch (Character.toLowerCase(cl)) {
            case 'a' -> res = isAlpha(c);
            case 'c' -> res = c < 32 || c == 127;
            case 'd' -> res = c >= '0' && c <= '9';
            case 'g' -> res = c > 32 && c < 127;
            case 'l' -> res = c >= 'a' && c <= 'z';
            case 'p' -> res = c > 32 && c < 127 && !isAlpha(c) && !(c >= '0' && c <= '9');
            case 's' -> res = c == ' ' || (c >= 9 && c <= 13);
            case 'u' -> res = c >= 'A' && c <= 'Z';
            case 'w' -> res = isAlpha(c) || (c >= '0' && c <= '9');
            case 'x' -> res = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            default -> {
                return cl == c;
            }
        }
        return Character.isUpperCase(cl) ? !res : res;
    }

    private static boolean isAlpha(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /** Capture {@code i} (or the whole match when there are no captures and i == 0). */
    LuaValue capture(int i, int si, int ei) {
        if (i >= level) {
            if (i == 0) {
                return LuaString.valueOf(s, si, ei - si);
            }
            throw new LuaError("invalid capture index");
        }
        int l = capLen[i];
        if (l == CAP_UNFINISHED) {
            throw new LuaError("unfinished capture");
        }
        if (l == CAP_POSITION) {
            return LuaValue.valueOf(capStart[i] + 1);
        }
        return LuaString.valueOf(s, capStart[i], l);
    }

    Varargs captures(boolean wholeIfNone, int si, int ei) {
        int n = (level == 0 && wholeIfNone) ? 1 : level;
        LuaValue[] v = new LuaValue[n];
        for (int i = 0; i < n; i++) {
            v[i] = capture(i, si, ei);
        }
        return LuaValue.varargsOf(v);
    }
}
