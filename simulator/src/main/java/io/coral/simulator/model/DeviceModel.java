package io.coral.simulator.model;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * One device's view of a shared {@link DataModel}: only what differs from the template is stored here
 * (changed values, added/deleted instances, attributes), which keeps an idle device to a few hundred bytes.
 * All methods are thread-safe.
 */
public final class DeviceModel {
    private final DataModel model;
    private final DeviceIdentity identity;
    private final Map<String, String> sharedVars;
    private long bootMillis = System.currentTimeMillis();
    private Map<String, String> vars;
    private Map<String, String> values;
    private Map<String, TreeSet<Integer>> tables;
    private Map<String, Integer> nextInstance;
    private Map<String, Integer> notifications;
    private Map<String, List<String>> accessLists;

    public DeviceModel(DataModel model, DeviceIdentity identity) {
        this(model, identity, Map.of());
    }

    /** @param sharedVars template variables common to a whole fleet (acs_url, …); not copied */
    public DeviceModel(DataModel model, DeviceIdentity identity, Map<String, String> sharedVars) {
        this.model = model;
        this.identity = identity;
        this.sharedVars = sharedVars;
    }

    public DataModel model() {
        return model;
    }

    public DeviceIdentity identity() {
        return identity;
    }

    /** Sets a template variable beyond the identity ones (e.g. {@code cr_url}). */
    public synchronized void setVar(String name, String value) {
        if (vars == null) {
            vars = new HashMap<>(4);
        }
        vars.put(name, value);
    }

    /** Restarts the uptime clock. */
    public synchronized void rebooted() {
        bootMillis = System.currentTimeMillis();
    }

    /** Forgets every change: the device is as the template made it. */
    public synchronized void factoryReset() {
        values = null;
        tables = null;
        nextInstance = null;
        notifications = null;
        accessLists = null;
        bootMillis = System.currentTimeMillis();
    }

    /** Expands ${...} placeholders with this device's variables. */
    public synchronized String expand(String template) {
        return Templates.expand(template, this::var);
    }

    private String var(String name) {
        return switch (name) {
            case "serial" -> identity.serial();
            case "oui" -> identity.oui();
            case "product_class" -> identity.productClass();
            case "mac" -> identity.mac();
            case "index" -> Integer.toString(identity.index());
            case "endpoint_id" -> identity.endpointId();
            case "ip" -> "10." + ((identity.index() >> 16) & 0xff) + "." + ((identity.index() >> 8) & 0xff) + "."
                    + (identity.index() & 0xff);
            case "uptime" -> Long.toString((System.currentTimeMillis() - bootMillis) / 1000);
            case "now" -> Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
            default -> {
                String v = vars == null ? null : vars.get(name);
                yield v != null ? v : sharedVars.get(name);
            }
        };
    }

    // ---------------------------------------------------------------- resolution

    /** The definition of a concrete path if it exists on this device (every instance it names exists), else null. */
    public synchronized NodeDef resolve(String path) {
        if (path == null || path.isEmpty() || path.indexOf('{') >= 0) {
            return null;
        }
        String schema = DataModel.schemaPath(path);
        NodeDef def = model.def(schema);
        if (def == null) {
            return null;
        }
        if (!schema.equals(path) && !instancesExist(path)) {
            return null;
        }
        return def;
    }

    private boolean instancesExist(String path) {
        int segStart = 0;
        for (int i = 0; i < path.length(); i++) {
            if (path.charAt(i) == '.') {
                if (i > segStart && DataModel.allDigits(path, segStart, i)) {
                    int n = Integer.parseInt(path, segStart, i, 10);
                    if (!hasInstance(path.substring(0, segStart), n)) {
                        return false;
                    }
                }
                segStart = i + 1;
            }
        }
        return !(segStart < path.length() && DataModel.allDigits(path, segStart, path.length()));
    }

    private boolean hasInstance(String table, int n) {
        TreeSet<Integer> own = tables == null ? null : tables.get(table);
        if (own != null) {
            return own.contains(n);
        }
        for (int i : model.templateInstances(table)) {
            if (i == n) {
                return true;
            }
        }
        return false;
    }

    /** Instance numbers of a concrete table path, ascending. */
    public synchronized List<Integer> instances(String table) {
        TreeSet<Integer> own = tables == null ? null : tables.get(table);
        if (own != null) {
            return List.copyOf(own);
        }
        int[] t = model.templateInstances(table);
        List<Integer> out = new ArrayList<>(t.length);
        for (int i : t) {
            out.add(i);
        }
        return out;
    }

    // ---------------------------------------------------------------- values

    /** The value of a parameter. */
    public synchronized String get(String path) throws ModelException {
        NodeDef def = resolve(path);
        if (def == null || !def.isParameter()) {
            throw new ModelException(ModelError.INVALID_PATH, path, "no such parameter: " + path);
        }
        return valueOf(path, def);
    }

    private String valueOf(String path, NodeDef def) {
        String v = values == null ? null : values.get(path);
        if (v == null) {
            v = model.templateValue(path);
        }
        if (v == null) {
            v = def.defaultValue();
        }
        return Templates.expand(v == null ? "" : v, this::var);
    }

    /** The value of a parameter, or {@code fallback} when it does not exist. */
    public String getOr(String path, String fallback) {
        try {
            return get(path);
        } catch (ModelException e) {
            return fallback;
        }
    }

    /**
     * Sets parameters all-or-nothing: every setting is checked first; if any fails nothing changes and the failures
     * are returned, otherwise all are applied and an empty list is returned.
     */
    public synchronized List<ModelException> setAll(List<ParamSetting> settings) {
        List<ModelException> faults = new ArrayList<>();
        for (ParamSetting s : settings) {
            ModelException e = check(s, true);
            if (e != null) {
                faults.add(e);
            }
        }
        if (faults.isEmpty()) {
            for (ParamSetting s : settings) {
                put(s.path(), resolve(s.path()).type().normalize(s.value()));
            }
        }
        return faults;
    }

    /**
     * A change made by the device itself (a user on its web page, a counter), not by a management server.
     *
     * @return the parameter's notification attribute, so the caller can report the change
     */
    public synchronized int setLocal(String path, String value) throws ModelException {
        ModelException e = check(new ParamSetting(path, value, null), false);
        if (e != null) {
            throw e;
        }
        put(path, resolve(path).type().normalize(value));
        return notificationOf(path, resolve(path));
    }

    private ModelException check(ParamSetting s, boolean requireWritable) {
        NodeDef def = resolve(s.path());
        if (def == null || !def.isParameter()) {
            return new ModelException(ModelError.INVALID_PATH, s.path(), "no such parameter: " + s.path());
        }
        if (requireWritable && !def.writable()) {
            return new ModelException(ModelError.NOT_WRITABLE, s.path(), "parameter is not writable: " + s.path());
        }
        // ACSs commonly declare xsd:string for everything; real CPEs accept that and check the value instead
        if (s.type() != null && s.type() != def.type() && s.type() != ParamType.STRING) {
            return new ModelException(ModelError.INVALID_TYPE, s.path(),
                    "type " + s.type().xsdName() + " does not match " + def.type().xsdName());
        }
        if (!def.type().accepts(s.value())) {
            return new ModelException(ModelError.INVALID_VALUE, s.path(),
                    "'" + s.value() + "' is not a valid " + def.type().xsdName());
        }
        return null;
    }

    private void put(String path, String value) {
        if (values == null) {
            values = new HashMap<>(8);
        }
        values.put(path, value);
    }

    // ---------------------------------------------------------------- attributes

    public synchronized int notification(String path) throws ModelException {
        return notificationOf(path, requireParameter(path));
    }

    private int notificationOf(String path, NodeDef def) {
        Integer n = notifications == null ? null : notifications.get(path);
        return n != null ? n : def.notification();
    }

    public synchronized void setNotification(String path, int notification) throws ModelException {
        NodeDef def = requireParameter(path);
        if (notification < 0 || notification > 6) {
            throw new ModelException(ModelError.INVALID_ARGUMENTS, path, "notification must be 0..6");
        }
        if (def.notifyLocked() && notification != 0) {
            throw new ModelException(ModelError.NOTIFICATION_REJECTED, path, "notification cannot be raised on " + path);
        }
        if (notifications == null) {
            notifications = new HashMap<>(4);
        }
        notifications.put(path, notification);
    }

    public synchronized List<String> accessList(String path) throws ModelException {
        requireParameter(path);
        List<String> l = accessLists == null ? null : accessLists.get(path);
        return l != null ? l : List.of("Subscriber");
    }

    public synchronized void setAccessList(String path, List<String> list) throws ModelException {
        requireParameter(path);
        if (accessLists == null) {
            accessLists = new HashMap<>(4);
        }
        accessLists.put(path, List.copyOf(list));
    }

    private NodeDef requireParameter(String path) throws ModelException {
        NodeDef def = resolve(path);
        if (def == null || !def.isParameter()) {
            throw new ModelException(ModelError.INVALID_PATH, path, "no such parameter: " + path);
        }
        return def;
    }

    // ---------------------------------------------------------------- objects

    /** Adds an instance to a table ({@code X.}); returns its instance number. */
    public int addInstance(String table) throws ModelException {
        return addInstance(table, false);
    }

    /** Adds an instance; {@code internal}: the device itself adds it, so fixed tables are no obstacle. */
    public synchronized int addInstance(String table, boolean internal) throws ModelException {
        NodeDef def = resolve(table);
        if (def == null) {
            throw new ModelException(ModelError.INVALID_PATH, table, "no such object: " + table);
        }
        if (def.kind() != NodeKind.TABLE) {
            throw new ModelException(ModelError.WRONG_KIND, table, "not a multi-instance object: " + table);
        }
        if (!def.writable() && !internal) {
            throw new ModelException(ModelError.NOT_CREATABLE, table, "instances cannot be added to " + table);
        }
        TreeSet<Integer> set = ownTable(table);
        int next = nextInstance == null ? 0 : nextInstance.getOrDefault(table, 0);
        int n = Math.max(next, set.isEmpty() ? 1 : set.last() + 1);
        for (int t : model.templateInstances(table)) {
            n = Math.max(n, t + 1);
        }
        set.add(n);
        if (nextInstance == null) {
            nextInstance = new HashMap<>(4);
        }
        nextInstance.put(table, n + 1);
        return n;
    }

    /** Deletes an instance ({@code X.n.}) with everything below it. */
    public void deleteInstance(String instance) throws ModelException {
        deleteInstance(instance, false);
    }

    /** Deletes an instance; {@code internal}: the device itself deletes it, so fixed tables are no obstacle. */
    public synchronized void deleteInstance(String instance, boolean internal) throws ModelException {
        NodeDef def = resolve(instance);
        String schema = DataModel.schemaPath(instance);
        if (def == null) {
            throw new ModelException(ModelError.INVALID_PATH, instance, "no such object: " + instance);
        }
        if (!schema.endsWith(".{i}.") || !instance.endsWith(".")) {
            throw new ModelException(ModelError.WRONG_KIND, instance, "not an object instance: " + instance);
        }
        String table = DataModel.parentPath(instance);
        if (!resolve(table).writable() && !internal) {
            throw new ModelException(ModelError.NOT_CREATABLE, instance, "instances cannot be deleted from " + table);
        }
        int n = Integer.parseInt(instance.substring(table.length(), instance.length() - 1));
        TreeSet<Integer> set = ownTable(table);
        set.remove(n);
        if (nextInstance == null) {
            nextInstance = new HashMap<>(4);
        }
        nextInstance.merge(table, n + 1, Math::max);
        if (values != null) {
            values.keySet().removeIf(k -> k.startsWith(instance));
        }
        if (notifications != null) {
            notifications.keySet().removeIf(k -> k.startsWith(instance));
        }
        if (tables != null) {
            tables.keySet().removeIf(k -> k.startsWith(instance));
        }
    }

    private TreeSet<Integer> ownTable(String table) {
        if (tables == null) {
            tables = new HashMap<>(4);
        }
        return tables.computeIfAbsent(table, t -> {
            TreeSet<Integer> s = new TreeSet<>();
            for (int i : model.templateInstances(t)) {
                s.add(i);
            }
            return s;
        });
    }

    // ---------------------------------------------------------------- walking

    /**
     * Visits the nodes below a concrete object path (or the root for "") down to {@code maxDepth} levels
     * (1 = direct children), depth first in schema order. Table instances count as one level below their table.
     */
    public synchronized void walk(String objectPath, int maxDepth, NodeVisitor visitor) throws ModelException {
        if (objectPath.isEmpty()) {
            NodeDef root = model.def(model.root());
            visitor.visit(model.root(), root, 1);
            if (maxDepth > 1) {
                walkBelow(model.root(), root, 2, maxDepth, visitor);
            }
            return;
        }
        NodeDef def = resolve(objectPath);
        if (def == null || !def.isObjectLike()) {
            throw new ModelException(ModelError.INVALID_PATH, objectPath, "no such object: " + objectPath);
        }
        walkBelow(objectPath, def, 1, maxDepth, visitor);
    }

    private void walkBelow(String path, NodeDef def, int depth, int maxDepth, NodeVisitor visitor) {
        if (depth > maxDepth) {
            return;
        }
        if (def.kind() == NodeKind.TABLE) {
            NodeDef inst = model.def(def.path() + "{i}.");
            for (int n : instances(path)) {
                String p = path + n + ".";
                visitor.visit(p, inst, depth);
                walkBelow(p, inst, depth + 1, maxDepth, visitor);
            }
            return;
        }
        for (NodeDef child : model.children(def.path())) {
            String p = path + child.name() + (child.isObjectLike() ? "." : "");
            visitor.visit(p, child, depth);
            if (child.isObjectLike()) {
                walkBelow(p, child, depth + 1, maxDepth, visitor);
            }
        }
    }

    /**
     * Parameter paths a CWMP "name" selects: a parameter itself, every parameter below a partial path
     * (ending with '.'), or everything for "".
     */
    public synchronized List<String> parameterPaths(String name) throws ModelException {
        List<String> out = new ArrayList<>();
        if (!name.isEmpty() && !name.endsWith(".")) {
            requireParameter(name);
            out.add(name);
            return out;
        }
        walk(name, Integer.MAX_VALUE, (p, d, depth) -> {
            if (d.isParameter()) {
                out.add(p);
            }
        });
        return out;
    }
}
