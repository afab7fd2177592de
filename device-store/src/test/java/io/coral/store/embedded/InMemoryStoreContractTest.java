package io.coral.store.embedded;

import io.coral.store.StoreContract;
import org.junit.jupiter.api.AfterAll;

/** The store contract against EmbeddedMongo in memory (real driver, real wire protocol). */
class InMemoryStoreContractTest extends StoreContract {

    private EmbeddedMongo server;

    @Override
    protected String mongoUri() {
        if (server == null) {
            server = EmbeddedMongo.inMemory();
        }
        return server.uri();
    }

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }
}
