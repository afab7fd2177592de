package io.coral.simulator.model;

/** What a path in the data model stands for. */
public enum NodeKind {
    /** A single-instance object, path ends with {@code .}. */
    OBJECT,
    /** A multi-instance table, path {@code X.} whose instances are {@code X.{i}.}. */
    TABLE,
    /** A parameter (leaf). */
    PARAMETER,
    /** A USP command, path ends with {@code ()}. */
    COMMAND,
    /** A USP event, path ends with {@code !}. */
    EVENT
}
