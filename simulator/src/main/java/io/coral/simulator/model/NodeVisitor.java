package io.coral.simulator.model;

/** Receives the nodes of a walk over a device's data model. */
@FunctionalInterface
public interface NodeVisitor {
    /**
     * @param path  the concrete path (objects and tables end with '.')
     * @param def   its definition
     * @param depth 1 for direct children of the walk's start
     */
    void visit(String path, NodeDef def, int depth);
}
