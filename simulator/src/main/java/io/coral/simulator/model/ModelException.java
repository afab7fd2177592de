package io.coral.simulator.model;

/** A refused data-model operation: the error kind and the path it concerns. */
public final class ModelException extends Exception {
    private final ModelError error;
    private final String path;

    public ModelException(ModelError error, String path, String message) {
        super(message, null, false, false);
        this.error = error;
        this.path = path;
    }

    public ModelError error() {
        return error;
    }

    public String path() {
        return path;
    }
}
