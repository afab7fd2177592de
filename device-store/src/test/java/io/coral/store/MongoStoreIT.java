package io.coral.store;

import io.coral.store.embedded.EmbeddedMongo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;

/**
 * The store contract against a real MongoDB when {@code CORAL_TEST_MONGO_URI} is set; otherwise against the
 * file-backed embedded server (H2), so this suite always runs and the file backend is covered too.
 */
class MongoStoreIT extends StoreContract {

    private EmbeddedMongo embedded;
    private Path dataDir;
    private String uri;

    @Override
    protected String mongoUri() {
        if (uri == null) {
            String given = System.getenv("CORAL_TEST_MONGO_URI");
            if (given != null && !given.isBlank()) {
                uri = given;
            } else {
                try {
                    dataDir = Files.createTempDirectory("coral-store-it");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                embedded = EmbeddedMongo.fileBacked(dataDir);
                uri = embedded.uri();
            }
        }
        return uri;
    }

    @AfterAll
    void stopEmbedded() throws IOException {
        if (embedded != null) {
            embedded.close();
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
