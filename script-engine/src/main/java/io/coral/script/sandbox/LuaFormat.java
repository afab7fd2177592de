package io.coral.script.sandbox;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * {@code string.format} with C semantics. LuaJ's ignores width and precision for %f %e %g, ignores
 * '-' for %s and rejects booleans in %s; this one follows C printf (exact binary value, round half even)
 * and Lua 5.2 (%s uses tostring, %q quotes, width and precision at most two digits).
 */
final class LuaFormat {

    private LuaFormat() {}

    private static final class Spec {
        boolean left, plus, space, alt, zero;
        int width = -1;
        int precision = -1;
        char conv;
    }

    static LuaString format(Varargs args) {
        LuaString fmt = args.checkstring(1);
        byte[] f = LuaPattern.bytes(fmt);
        ByteArrayOutputStream out = new ByteArrayOutputStream(f.length + 16);
        int arg = 1;
        int i = 0;
        while (i < f.length) {
            byte c = f[i++];
            if (c != '%') {
                out.write(c);
                continue;
            }
            if (i < f.length && f[i] == '%') {
                out.write('%');
                i++;
                continue;
            }
            Spec sp = new Spec();
            while (i < f.length && "-+ #0".indexOf(f[i]) >= 0) {
                switch (f[i++]) {
                    case '-' -> sp.left = true;
                    case '+' -> sp.plus = true;
                    case ' ' -> sp.space = true;
                    case '#' -> sp.alt = true;
                    default -> sp.zero = true;
                }
            }
            int start = i;
            while (i < f.length && Character.isDigit(f[i])) {
                i++;
            }
            if (i - start > 2) {
                throw new LuaError("invalid format (width or precision too long)");
            }
            if (i > start) {
                sp.width = Integer.parseInt(new String(f, start, i - start, StandardCharsets.ISO_8859_1));
            }
            if (i < f.length && f[i] == '.') {
                i++;
                start = i;
                while (i < f.length && Character.isDigit(f[i])) {
                    i++;
                }
                if (i - start > 2) {
                    throw new LuaError("invalid format (width or precision too long)");
                }
                sp.precision = i > start ? Integer.parseInt(new String(f, start, i - start, StandardCharsets.ISO_8859_1)) : 0;
            }
            if (i >= f.length) {
                throw new LuaError("invalid option '%' to 'format'");
            }
            sp.conv = (char) (f[i++] & 0xff);
            arg++;
            if (arg > args.narg()) {
                throw new LuaError("bad argument #" + arg + " to 'format' (no value)");
            }
            LuaValue v = args.arg(arg);
            byte[] piece = switch (sp.conv) {
                case 'c' -> pad(new byte[] {(byte) args.checkint(arg)}, sp, false);
                case 'd', 'i' -> ascii(integer(number(args, arg), sp));
                case 'u' -> ascii(integer(number(args, arg), sp));
                case 'o', 'x', 'X' -> ascii(unsigned(number(args, arg), sp));
                case 'e', 'E', 'f', 'F', 'g', 'G' -> ascii(floating(args.checkdouble(arg), sp));
                case 'a', 'A' -> ascii(padString(hexFloat(args.checkdouble(arg), sp.conv == 'A'), sp));
                case 'q' -> quoted(args.checkstring(arg));
                case 's' -> string(v, sp);
                default -> throw new LuaError("invalid option '%" + sp.conv + "' to 'format'");
            };
            out.write(piece, 0, piece.length);
            if (out.size() > (1 << 20)) {
                GuardedStrings.chargeString(out.size());
            }
        }
        GuardedStrings.chargeString(out.size());
        return LuaString.valueOf(out.toByteArray());
    }

    private static long number(Varargs args, int arg) {
        double d = args.checkdouble(arg);
        return (long) d;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String sign(boolean negative, Spec sp) {
        return negative ? "-" : sp.plus ? "+" : sp.space ? " " : "";
    }

    /** Applies width: left-justify, zero pad after the sign/prefix, or space pad on the left. */
    private static String finish(String sign, String prefix, String digits, Spec sp, boolean zeroAllowed) {
        int len = sign.length() + prefix.length() + digits.length();
        if (sp.width <= len) {
            return sign + prefix + digits;
        }
        String fill = " ".repeat(sp.width - len);
        if (sp.left) {
            return sign + prefix + digits + fill;
        }
        if (sp.zero && zeroAllowed) {
            return sign + prefix + "0".repeat(sp.width - len) + digits;
        }
        return fill + sign + prefix + digits;
    }

    private static String integer(long v, Spec sp) {
        String digits = v == Long.MIN_VALUE ? "9223372036854775808" : Long.toString(Math.abs(v));
        if (sp.precision >= 0) {
            if (sp.precision == 0 && v == 0) {
                digits = "";
            }
            if (digits.length() < sp.precision) {
                digits = "0".repeat(sp.precision - digits.length()) + digits;
            }
        }
        return finish(sign(v < 0, sp), "", digits, sp, sp.precision < 0);
    }

    private static String unsigned(long v, Spec sp) {
        String digits = switch (sp.conv) {
            case 'o' -> Long.toOctalString(v);
            case 'x' -> Long.toHexString(v);
            default -> Long.toHexString(v).toUpperCase();
        };
        if (sp.precision >= 0) {
            if (sp.precision == 0 && v == 0) {
                digits = "";
            }
            if (digits.length() < sp.precision) {
                digits = "0".repeat(sp.precision - digits.length()) + digits;
            }
        }
        String prefix = "";
        if (sp.alt && v != 0) {
            prefix = switch (sp.conv) {
                case 'o' -> digits.startsWith("0") ? "" : "0";
                case 'x' -> "0x";
                default -> "0X";
            };
        }
        return finish("", prefix, digits, sp, sp.precision < 0);
    }

    private static String floating(double d, Spec sp) {
        boolean upper = Character.isUpperCase(sp.conv);
        boolean negative = d < 0 || (d == 0 && 1 / d < 0);
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            String word = Double.isNaN(d) ? "nan" : "inf";
            return finish(sign(negative && !Double.isNaN(d), sp), "", upper ? word.toUpperCase() : word, sp, false);
        }
        double a = Math.abs(d);
        int prec = sp.precision < 0 ? 6 : sp.precision;
        String body = switch (Character.toLowerCase(sp.conv)) {
            case 'f' -> fixed(a, prec, sp.alt);
            case 'e' -> exponent(a, prec, sp.alt);
            default -> general(a, prec, sp.alt);
        };
        if (upper) {
            body = body.toUpperCase();
        }
        return finish(sign(negative, sp), "", body, sp, true);
    }

    private static String fixed(double a, int prec, boolean alt) {
        String s = new BigDecimal(a).setScale(prec, RoundingMode.HALF_EVEN).toPlainString();
        return prec == 0 && alt ? s + "." : s;
    }

    private static String exponent(double a, int prec, boolean alt) {
        String digits;
        int exp;
        if (a == 0) {
            digits = "0".repeat(prec + 1);
            exp = 0;
        } else {
            BigDecimal bd = new BigDecimal(a).round(new MathContext(prec + 1, RoundingMode.HALF_EVEN));
            exp = bd.precision() - bd.scale() - 1;
            digits = bd.unscaledValue().toString();
            if (digits.length() < prec + 1) {
                digits = digits + "0".repeat(prec + 1 - digits.length());
            } else if (digits.length() > prec + 1) {
                digits = digits.substring(0, prec + 1);
            }
        }
        StringBuilder sb = new StringBuilder(digits.substring(0, 1));
        if (prec > 0 || alt) {
            sb.append('.');
        }
        sb.append(digits, 1, digits.length());
        sb.append('e').append(exp < 0 ? '-' : '+');
        int ae = Math.abs(exp);
        if (ae < 10) {
            sb.append('0');
        }
        return sb.append(ae).toString();
    }

    private static String general(double a, int prec, boolean alt) {
        int p = prec == 0 ? 1 : prec;
        int x;
        if (a == 0) {
            x = 0;
        } else {
            BigDecimal bd = new BigDecimal(a).round(new MathContext(p, RoundingMode.HALF_EVEN));
            x = bd.precision() - bd.scale() - 1;
        }
        String s = (p > x && x >= -4) ? fixed(a, p - 1 - x, alt) : exponent(a, p - 1, alt);
        if (alt) {
            return s;
        }
        int e = s.indexOf('e');
        String mant = e >= 0 ? s.substring(0, e) : s;
        String tail = e >= 0 ? s.substring(e) : "";
        if (mant.indexOf('.') >= 0) {
            mant = mant.replaceAll("0+$", "");
            if (mant.endsWith(".")) {
                mant = mant.substring(0, mant.length() - 1);
            }
        }
        return mant + tail;
    }

    private static String hexFloat(double d, boolean upper) {
        String s = Double.toHexString(d);
        return upper ? s.toUpperCase() : s;
    }

    private static String padString(String s, Spec sp) {
        return finish("", "", s, sp, false);
    }

    private static byte[] pad(byte[] body, Spec sp, boolean unused) {
        if (sp.width <= body.length) {
            return body;
        }
        byte[] out = new byte[sp.width];
        int fill = sp.width - body.length;
        if (sp.left) {
            System.arraycopy(body, 0, out, 0, body.length);
            java.util.Arrays.fill(out, body.length, out.length, (byte) ' ');
        } else {
            java.util.Arrays.fill(out, 0, fill, (byte) ' ');
            System.arraycopy(body, 0, out, fill, body.length);
        }
        return out;
    }

    private static byte[] string(LuaValue v, Spec sp) {
        LuaValue meta = v.metatag(LuaValue.TOSTRING);
        LuaValue str = !meta.isnil() ? meta.call(v) : v.isstring() ? v : LuaValue.valueOf(v.tojstring());
        if (!str.isstring()) {
            throw new LuaError("'__tostring' must return a string");
        }
        byte[] b = LuaPattern.bytes(str.strvalue());
        if (sp.precision >= 0 && sp.precision < b.length) {
            b = java.util.Arrays.copyOf(b, sp.precision);
        }
        return pad(b, sp, false);
    }

    private static byte[] quoted(LuaString s) {
        byte[] b = LuaPattern.bytes(s);
        ByteArrayOutputStream out = new ByteArrayOutputStream(b.length + 2);
        out.write('"');
        for (int i = 0; i < b.length; i++) {
            int c = b[i] & 0xff;
            switch (c) {
                case '"', '\\', '\n' -> {
                    out.write('\\');
                    out.write(c);
                }
                case '\r' -> out.writeBytes("\\r".getBytes(StandardCharsets.ISO_8859_1));
                default -> {
                    if (c == 0 || c < 32 || c == 127) {
                        boolean digitNext = i + 1 < b.length && Character.isDigit(b[i + 1]);
                        String esc = digitNext ? String.format("\\%03d", c) : "\\" + c;
                        out.writeBytes(esc.getBytes(StandardCharsets.ISO_8859_1));
                    } else {
                        out.write(c);
                    }
                }
            }
        }
        out.write('"');
        return out.toByteArray();
    }
}
