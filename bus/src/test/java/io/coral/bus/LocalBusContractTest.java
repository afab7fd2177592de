package io.coral.bus;

import org.junit.jupiter.api.AfterEach;

/** The bus contract on the in-JVM bus: every "instance" is the same LocalBus. */
class LocalBusContractTest extends BusContract {
    private LocalBus shared;

    @Override
    protected Bus open(Subjects subjects) {
        if (shared == null) {
            shared = LocalBus.builder().prefix(subjects.prefix()).build();
        }
        return shared;
    }

    @AfterEach
    void closeShared() {
        if (shared != null) {
            shared.close();
            shared = null;
        }
    }
}
