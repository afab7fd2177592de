package io.coral.store;

public enum TaskState {
    QUEUED, SENT, DONE, FAULT;

    public String wire() {
        return name().toLowerCase();
    }
}
