package io.coral.simulator.model;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * An immutable data-model template shared by every simulated device of a fleet: the schema (one {@link NodeDef}
 * per schema path), the instances each table starts with, and instance-specific start values. Devices keep only
 * their own changes on top of it ({@link DeviceModel}).
 *
 * <p>File format (one entry per line, {@code #} comments, columns separated by blanks, the value is the rest of the line):
 * <pre>
 * # path                              type       access notify value
 * Device.DeviceInfo.SerialNumber      string     R      0      ${serial}
 * Device.IP.Interface.{i}.            table      W      0      1,2
 * Device.IP.Interface.2.Name          string     R      0      wan
 * Device.Reboot()                     command
 * Device.Boot!                        event
 * &#64;inform Device.DeviceInfo.SoftwareVersion
 * </pre>
 * Types: object, table, command, async-command, event, or a parameter type (string, boolean, unsignedInt, int,
 * long, unsignedLong, dateTime, base64, hexBinary, decimal). Access: R or W (tables: W = instances can be added
 * and deleted). Notify: 0, 1, 2, or {@code -} (off, and may not be raised). A concrete path (with instance
 * numbers) declares those instances and sets that instance's start value.
 */
public final class DataModel {
    private final String name;
    private final String root;
    private final Map<String, NodeDef> defs;
    private final Map<String, List<NodeDef>> children;
    private final Map<String, int[]> templateInstances;
    private final Map<String, String> templateValues;
    private final List<String> informParameters;

    private DataModel(String name, String root, Map<String, NodeDef> defs, Map<String, List<NodeDef>> children,
                      Map<String, int[]> templateInstances, Map<String, String> templateValues,
                      List<String> informParameters) {
        this.name = name;
        this.root = root;
        this.defs = defs;
        this.children = children;
        this.templateInstances = templateInstances;
        this.templateValues = templateValues;
        this.informParameters = informParameters;
    }

    /** Loads a model shipped with the simulator ({@code tr098}, {@code tr181}) or, failing that, a file. */
    public static DataModel load(String nameOrFile) {
        String lower = nameOrFile.toLowerCase(Locale.ROOT);
        if (lower.equals("tr098") || lower.equals("tr181") || lower.equals("tr181-usp")) {
            String resource = "/models/" + lower + ".model";
            try (InputStream in = DataModel.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource " + resource);
                }
                return parse(lower, new InputStreamReader(in, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return loadFile(Path.of(nameOrFile));
    }

    public static DataModel loadFile(Path file) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(file.getFileName().toString(), r);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read data model " + file, e);
        }
    }

    /** Parses a model; throws IllegalArgumentException naming the line on bad input. */
    public static DataModel parse(String name, Reader reader) throws IOException {
        Builder b = new Builder();
        BufferedReader in = reader instanceof BufferedReader br ? br : new BufferedReader(reader);
        String line;
        int n = 0;
        while ((line = in.readLine()) != null) {
            n++;
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            try {
                b.line(t);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(name + ":" + n + ": " + e.getMessage(), e);
            }
        }
        return b.build(name);
    }

    public String name() {
        return name;
    }

    /** The root object, {@code Device.} or {@code InternetGatewayDevice.}. */
    public String root() {
        return root;
    }

    /** The definition for a schema path, or null. */
    public NodeDef def(String schemaPath) {
        return defs.get(schemaPath);
    }

    /** The children of a schema object path, in file order. */
    public List<NodeDef> children(String schemaObjectPath) {
        return children.getOrDefault(schemaObjectPath, List.of());
    }

    /** Every definition, in file order. */
    public Iterable<NodeDef> defs() {
        return defs.values();
    }

    /** Instance numbers a concrete table path starts with (never null). */
    int[] templateInstances(String concreteTablePath) {
        int[] own = templateInstances.get(concreteTablePath);
        if (own != null) {
            return own;
        }
        // a table declared under a {i} parent ("A.{i}.B.{i}. table W 0 1,2") starts so in every parent instance
        return templateInstances.getOrDefault(schemaPath(concreteTablePath), EMPTY);
    }

    /** Instance-specific start value of a concrete parameter path, or null. */
    String templateValue(String concretePath) {
        return templateValues.get(concretePath);
    }

    /** Parameters every Inform carries ({@code @inform} lines). */
    public List<String> informParameters() {
        return informParameters;
    }

    private static final int[] EMPTY = new int[0];

    /** Replaces every all-digit path segment with {i}. */
    public static String schemaPath(String concretePath) {
        int len = concretePath.length();
        StringBuilder sb = null;
        int segStart = 0;
        for (int i = 0; i <= len; i++) {
            if (i == len || concretePath.charAt(i) == '.') {
                if (i > segStart && allDigits(concretePath, segStart, i)) {
                    if (sb == null) {
                        sb = new StringBuilder(len + 8).append(concretePath, 0, segStart);
                    }
                    sb.append("{i}");
                } else if (sb != null) {
                    sb.append(concretePath, segStart, i);
                }
                if (sb != null && i < len) {
                    sb.append('.');
                }
                segStart = i + 1;
            }
        }
        return sb == null ? concretePath : sb.toString();
    }

    static boolean allDigits(String s, int from, int to) {
        if (to - from > 9) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** Parent schema path: {@code A.B.C} → {@code A.B.}, {@code A.B.} → {@code A.}, {@code A.{i}.} → {@code A.}. */
    static String parentPath(String path) {
        int end = path.endsWith(".") ? path.length() - 1 : path.length();
        int dot = path.lastIndexOf('.', end - 1);
        return dot < 0 ? null : path.substring(0, dot + 1);
    }

    private static final class Builder {
        private final Map<String, NodeDef> defs = new LinkedHashMap<>();
        private final Map<String, TreeSet<Integer>> instances = new HashMap<>();
        private final Map<String, String> values = new HashMap<>();
        private final List<String> inform = new ArrayList<>();

        void line(String t) {
            if (t.startsWith("@")) {
                String[] p = t.split("\\s+", 2);
                if (!p[0].equals("@inform") || p.length < 2) {
                    throw new IllegalArgumentException("unknown directive: " + t);
                }
                inform.add(p[1].strip());
                return;
            }
            String[] cols = t.split("\\s+", 5);
            String path = cols[0];
            String typeCol = cols.length > 1 ? cols[1] : (path.endsWith(".") ? "object" : path.endsWith("()")
                    ? "command" : path.endsWith("!") ? "event" : "string");
            boolean writable = cols.length > 2 && cols[2].equalsIgnoreCase("W");
            if (cols.length > 2 && !cols[2].equalsIgnoreCase("W") && !cols[2].equalsIgnoreCase("R")) {
                throw new IllegalArgumentException("access must be R or W: " + cols[2]);
            }
            int notify = 0;
            boolean locked = false;
            if (cols.length > 3) {
                if (cols[3].equals("-")) {
                    locked = true;
                } else {
                    try {
                        notify = Integer.parseInt(cols[3]);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("notify must be 0-6 or -: " + cols[3]);
                    }
                    if (notify < 0 || notify > 6) {
                        throw new IllegalArgumentException("notify must be 0-6 or -: " + cols[3]);
                    }
                }
            }
            String value = cols.length > 4 ? unquote(cols[4].strip()) : "";
            String schema = schemaPath(path);
            declareAncestors(path, schema);
            switch (typeCol.toLowerCase(Locale.ROOT)) {
                case "object" -> {
                    requireSuffix(path, ".");
                    defs.putIfAbsent(schema, new NodeDef(schema, NodeKind.OBJECT, null, false, null, 0, false, false));
                }
                case "table" -> {
                    if (!schema.endsWith(".{i}.")) {
                        throw new IllegalArgumentException("a table path ends with .{i}. : " + path);
                    }
                    String table = schema.substring(0, schema.length() - 4);
                    defs.put(table, new NodeDef(table, NodeKind.TABLE, null, writable, null, 0, false, false));
                    defs.putIfAbsent(schema, new NodeDef(schema, NodeKind.OBJECT, null, false, null, 0, false, false));
                    if (!value.isEmpty()) {
                        String concreteTable = path.substring(0, path.length() - 4);
                        TreeSet<Integer> set = instances.computeIfAbsent(concreteTable, k -> new TreeSet<>());
                        for (String s : value.split(",")) {
                            set.add(Integer.parseInt(s.strip()));
                        }
                    }
                }
                case "command", "async-command" -> {
                    requireSuffix(path, "()");
                    defs.put(schema, new NodeDef(schema, NodeKind.COMMAND, null, false, null, 0, false,
                            typeCol.equalsIgnoreCase("async-command")));
                }
                case "event" -> {
                    requireSuffix(path, "!");
                    defs.put(schema, new NodeDef(schema, NodeKind.EVENT, null, false, null, 0, false, false));
                }
                default -> {
                    ParamType type = ParamType.parse(typeCol);
                    if (path.endsWith(".")) {
                        throw new IllegalArgumentException("a parameter path does not end with '.': " + path);
                    }
                    if (!value.isEmpty() && !value.contains("${") && !type.accepts(value)) {
                        throw new IllegalArgumentException("value '" + value + "' is not a valid " + type.xsdName());
                    }
                    if (!schema.equals(path) && defs.containsKey(schema)) {
                        values.put(path, value);
                    } else {
                        defs.put(schema, new NodeDef(schema, NodeKind.PARAMETER, type, writable, value, notify, locked,
                                false));
                        if (!schema.equals(path)) {
                            values.put(path, value);
                        }
                    }
                }
            }
        }

        private static String unquote(String v) {
            if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                return v.substring(1, v.length() - 1);
            }
            return v;
        }

        private static void requireSuffix(String path, String suffix) {
            if (!path.endsWith(suffix)) {
                throw new IllegalArgumentException("path must end with '" + suffix + "': " + path);
            }
        }

        /** Creates missing ancestor objects and tables, and records the instances a concrete path names. */
        private void declareAncestors(String concrete, String schema) {
            List<String> concreteAncestors = new ArrayList<>();
            String p = parentPath(concrete);
            while (p != null) {
                concreteAncestors.add(p);
                p = parentPath(p);
            }
            Collections.reverse(concreteAncestors);
            for (String c : concreteAncestors) {
                String s = schemaPath(c);
                if (s.endsWith(".{i}.")) {
                    String table = s.substring(0, s.length() - 4);
                    defs.putIfAbsent(table, new NodeDef(table, NodeKind.TABLE, null, false, null, 0, false, false));
                    defs.putIfAbsent(s, new NodeDef(s, NodeKind.OBJECT, null, false, null, 0, false, false));
                    if (!c.equals(s)) {
                        String concreteTable = parentPath(c);
                        String last = c.substring(concreteTable.length(), c.length() - 1);
                        if (!last.equals("{i}")) {
                            instances.computeIfAbsent(concreteTable, k -> new TreeSet<>()).add(Integer.parseInt(last));
                        }
                    }
                } else {
                    defs.putIfAbsent(s, new NodeDef(s, NodeKind.OBJECT, null, false, null, 0, false, false));
                }
            }
            // a concrete instance line itself, e.g. "Device.IP.Interface.3."
            if (!concrete.equals(schema) && schema.endsWith(".{i}.")) {
                String concreteTable = parentPath(concrete);
                String last = concrete.substring(concreteTable.length(), concrete.length() - 1);
                if (!last.equals("{i}")) {
                    instances.computeIfAbsent(concreteTable, k -> new TreeSet<>()).add(Integer.parseInt(last));
                }
            }
        }

        DataModel build(String name) {
            if (defs.isEmpty()) {
                throw new IllegalArgumentException(name + ": empty data model");
            }
            String root = defs.keySet().iterator().next();
            root = root.substring(0, root.indexOf('.') + 1);
            Map<String, List<NodeDef>> children = new HashMap<>();
            for (NodeDef d : defs.values()) {
                String parent = parentPath(d.path());
                if (parent != null) {
                    children.computeIfAbsent(parent, k -> new ArrayList<>()).add(d);
                }
            }
            children.replaceAll((k, v) -> List.copyOf(v));
            for (Map.Entry<String, TreeSet<Integer>> e : instances.entrySet()) {
                TreeSet<Integer> defaults = instances.get(schemaPath(e.getKey()));
                if (defaults != null && !e.getKey().contains("{i}")) {
                    e.getValue().addAll(defaults);
                }
            }
            Map<String, int[]> inst = new HashMap<>();
            instances.forEach((k, v) -> inst.put(k, v.stream().mapToInt(Integer::intValue).toArray()));
            for (String p : inform) {
                if (!defs.containsKey(schemaPath(p))) {
                    throw new IllegalArgumentException(name + ": @inform names an unknown parameter " + p);
                }
            }
            return new DataModel(name, root, Collections.unmodifiableMap(defs), Map.copyOf(children), Map.copyOf(inst),
                    Map.copyOf(values), List.copyOf(inform));
        }
    }
}
