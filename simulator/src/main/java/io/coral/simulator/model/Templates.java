package io.coral.simulator.model;

import java.util.function.Function;

/** Expands {@code ${name}} placeholders in data-model values; unknown names are left as they are. */
public final class Templates {
    private Templates() {
    }

    public static String expand(String value, Function<String, String> vars) {
        return expand(value, vars, 3);
    }

    /** Variables may refer to variables ({@code cr_username = ${serial}}), up to {@code depth} levels. */
    private static String expand(String value, Function<String, String> vars, int depth) {
        if (value == null) {
            return null;
        }
        int start = value.indexOf("${");
        if (start < 0) {
            return value;
        }
        StringBuilder sb = new StringBuilder(value.length() + 16);
        int pos = 0;
        while (start >= 0) {
            int end = value.indexOf('}', start + 2);
            if (end < 0) {
                break;
            }
            sb.append(value, pos, start);
            String name = value.substring(start + 2, end);
            String v = vars.apply(name);
            if (v != null && depth > 1 && v.contains("${")) {
                v = expand(v, vars, depth - 1);
            }
            sb.append(v != null ? v : value.substring(start, end + 1));
            pos = end + 1;
            start = value.indexOf("${", pos);
        }
        sb.append(value, pos, value.length());
        return sb.toString();
    }
}
