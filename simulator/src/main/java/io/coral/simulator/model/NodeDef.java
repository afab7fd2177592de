package io.coral.simulator.model;

/**
 * One entry of a data-model schema, keyed by its schema path (instance numbers replaced by {@code {i}}).
 *
 * @param path          schema path, e.g. {@code Device.IP.Interface.{i}.Enable}
 * @param kind          what it is
 * @param type          parameter type (parameters only, else null)
 * @param writable      parameters: read-write; tables: instances may be added and deleted
 * @param defaultValue  parameter default (may contain ${var} templates), or null
 * @param notification  default notification attribute (0 off, 1 passive, 2 active)
 * @param notifyLocked  whether the notification attribute may not be raised (CWMP 9009)
 * @param async         commands: run asynchronously (USP)
 */
public record NodeDef(String path, NodeKind kind, ParamType type, boolean writable, String defaultValue,
                      int notification, boolean notifyLocked, boolean async) {

    public boolean isParameter() {
        return kind == NodeKind.PARAMETER;
    }

    public boolean isObjectLike() {
        return kind == NodeKind.OBJECT || kind == NodeKind.TABLE;
    }

    /** The last name of the path, e.g. {@code Enable}, {@code Interface}, {@code Reboot()}. */
    public String name() {
        String p = path.endsWith(".") ? path.substring(0, path.length() - 1) : path;
        return p.substring(p.lastIndexOf('.') + 1);
    }
}
