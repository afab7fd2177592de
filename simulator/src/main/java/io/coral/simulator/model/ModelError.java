package io.coral.simulator.model;

/** Why the data model refused an operation; protocols map it to their own fault codes. */
public enum ModelError {
    /** No such path, or instance (CWMP 9005, USP 7026/7016). */
    INVALID_PATH,
    /** Parameter is read-only (CWMP 9008, USP 7013). */
    NOT_WRITABLE,
    /** Value does not fit the parameter type (CWMP 9007, USP 7012). */
    INVALID_VALUE,
    /** Declared type differs from the parameter type (CWMP 9006, USP 7011). */
    INVALID_TYPE,
    /** Table is fixed: no AddObject/DeleteObject (CWMP 9001? see docs, USP 7019/7024). */
    NOT_CREATABLE,
    /** Path names the wrong kind of node, e.g. AddObject on a parameter (CWMP 9005, USP 7018). */
    WRONG_KIND,
    /** Notification may not be changed (CWMP 9009). */
    NOTIFICATION_REJECTED,
    /** Arguments are malformed (CWMP 9003, USP 7004). */
    INVALID_ARGUMENTS
}
