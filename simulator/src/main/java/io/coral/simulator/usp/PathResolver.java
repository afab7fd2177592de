package io.coral.simulator.usp;

import io.coral.simulator.model.DeviceModel;
import io.coral.simulator.model.ModelException;
import io.coral.simulator.model.NodeDef;
import io.coral.simulator.model.NodeKind;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Resolves USP paths against a device: instance numbers, wildcards ({@code *}) and search expressions
 * ({@code [Enable==true&&Name=="wan"]}, operators == != &lt; &gt; &lt;= &gt;=).
 */
final class PathResolver {
    private PathResolver() {
    }

    /** The outcome: the concrete paths, and whether the path was a search path (no match is then no error). */
    record Resolved(List<String> paths, boolean search) {
    }

    /** Thrown for a malformed path (7008) or a path that names nothing in the schema (7026). */
    static final class PathException extends Exception {
        final int code;

        PathException(int code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }

    static Resolved resolve(DeviceModel device, String path) throws PathException {
        if (path == null || path.isEmpty()) {
            throw new PathException(7008, "empty path");
        }
        List<String> segments = split(path);
        boolean objectPath = path.endsWith(".");
        boolean search = false;
        for (String s : segments) {
            if (s.equals("*") || s.startsWith("[")) {
                search = true;
            }
        }
        List<String> current = List.of("");
        for (int i = 0; i < segments.size(); i++) {
            String seg = segments.get(i);
            boolean last = i == segments.size() - 1;
            List<String> next = new ArrayList<>();
            for (String prefix : current) {
                if (seg.equals("*") || seg.startsWith("[")) {
                    NodeDef table = device.resolve(prefix);
                    if (table == null || table.kind() != NodeKind.TABLE) {
                        if (device.model().def(io.coral.simulator.model.DataModel.schemaPath(prefix)) == null) {
                            throw new PathException(7026, "not a multi-instance object: " + prefix);
                        }
                        continue;
                    }
                    for (int n : device.instances(prefix)) {
                        String inst = prefix + n + ".";
                        if (seg.equals("*") || matches(device, inst, seg.substring(1, seg.length() - 1))) {
                            next.add(inst);
                        }
                    }
                } else {
                    String candidate = prefix + seg + (last && !objectPath ? "" : ".");
                    NodeDef def = device.resolve(candidate);
                    if (def == null) {
                        if (!search) {
                            throw new PathException(7026, "invalid path: " + path);
                        }
                        if (device.model().def(io.coral.simulator.model.DataModel.schemaPath(candidate)) == null) {
                            throw new PathException(7026, "invalid path: " + path);
                        }
                        continue;
                    }
                    if (!last && !def.isObjectLike()) {
                        throw new PathException(7026, "invalid path: " + path);
                    }
                    next.add(candidate);
                }
            }
            current = next;
        }
        return new Resolved(current, search);
    }

    /** Splits on dots outside of brackets; a trailing dot gives no empty segment. */
    static List<String> split(String path) throws PathException {
        List<String> out = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == '[') {
                depth++;
            } else if (!quoted && c == ']') {
                depth--;
            } else if (!quoted && depth == 0 && c == '.') {
                if (i == start) {
                    throw new PathException(7008, "empty path segment in " + path);
                }
                out.add(path.substring(start, i));
                start = i + 1;
            }
        }
        if (depth != 0 || quoted) {
            throw new PathException(7008, "unbalanced search expression in " + path);
        }
        if (start < path.length()) {
            out.add(path.substring(start));
        }
        return out;
    }

    private static boolean matches(DeviceModel device, String instance, String expr) throws PathException {
        for (String term : expr.split("&&")) {
            if (!matchTerm(device, instance, term.strip())) {
                return false;
            }
        }
        return true;
    }

    private static final String[] OPS = {"==", "!=", "<=", ">=", "<", ">"};

    private static boolean matchTerm(DeviceModel device, String instance, String term) throws PathException {
        for (String op : OPS) {
            int i = term.indexOf(op);
            if (i > 0) {
                String name = term.substring(0, i).strip();
                String want = term.substring(i + op.length()).strip();
                if (want.length() >= 2 && want.startsWith("\"") && want.endsWith("\"")) {
                    want = want.substring(1, want.length() - 1);
                }
                String have;
                try {
                    have = device.get(instance + name);
                } catch (ModelException e) {
                    return false;
                }
                int cmp = compare(have, want);
                return switch (op) {
                    case "==" -> cmp == 0;
                    case "!=" -> cmp != 0;
                    case "<=" -> cmp <= 0;
                    case ">=" -> cmp >= 0;
                    case "<" -> cmp < 0;
                    default -> cmp > 0;
                };
            }
        }
        throw new PathException(7008, "invalid search expression: " + term);
    }

    private static int compare(String a, String b) {
        try {
            return new BigDecimal(a).compareTo(new BigDecimal(b));
        } catch (NumberFormatException e) {
            return a.compareTo(b);
        }
    }
}
