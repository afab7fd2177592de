package io.coral.store.embedded;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.ServerVersion;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.coral.store.StoreException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreTool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-process MongoDB-wire server (mongo-java-server) on a loopback port, so the real driver and protocol
 * are exercised even without a MongoDB. In memory (tests) or file-backed (H2 MVStore under a data directory).
 *
 * <p>Limits, by design of the library: H2 writes to disk in the background about once a second with no sync
 * per write (a crash can lose the last second); secondary and TTL indices are ignored (queries scan, nothing
 * expires by itself). For production use a real MongoDB.
 */
public final class EmbeddedMongo implements AutoCloseable {

    /** The file under the data directory that holds every collection. */
    public static final String FILE_NAME = "coral-store.mv.db";
    private static final Logger log = LoggerFactory.getLogger(EmbeddedMongo.class);

    private final MongoServer server;
    private final MongoBackend backend;
    private final Path file;
    private final InetSocketAddress address;
    private volatile boolean closed;

    private EmbeddedMongo(MongoBackend backend, Path file) {
        this.backend = backend;
        this.file = file;
        backend.version(ServerVersion.MONGO_5_0); // the 5.x driver refuses the default 4.0 wire version
        this.server = new MongoServer(backend);
        try {
            server.bind("127.0.0.1", 0);
        } catch (RuntimeException e) {
            backend.close();
            throw new StoreException("cannot start the embedded MongoDB-wire server: " + e.getMessage(), e);
        }
        this.address = server.getLocalAddress();
    }

    /** In memory; data is lost on close. */
    public static EmbeddedMongo inMemory() {
        return new EmbeddedMongo(new MemoryBackend(), null);
    }

    /** Backed by {@value #FILE_NAME} under {@code dataDir} (created if needed); data survives a restart. */
    public static EmbeddedMongo fileBacked(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + dataDir, e);
        }
        MVStore mvStore;
        try {
            // finishes or undoes a compaction a crash interrupted (leftover .tempFile / .newFile)
            MVStoreTool.compactCleanUp(file.toString());
            mvStore = new MVStore.Builder().fileName(file.toString()).open();
        } catch (RuntimeException e) {
            throw new StoreException("cannot open " + file + " (is another Coral using it?): " + e.getMessage(), e);
        }
        log.info("embedded store file {}", file);
        return new EmbeddedMongo(new H2Backend(mvStore), file);
    }

    /** A connection string without database (the store then uses "coral"). */
    public String uri() {
        return "mongodb://" + address.getHostString() + ":" + address.getPort();
    }

    /** A connection string for the given database. */
    public String uri(String database) {
        return uri() + "/" + database;
    }

    public int port() {
        return address.getPort();
    }

    /** The store file, or null in memory. */
    public Path file() {
        return file;
    }

    /**
     * Commits the file while the server still runs, stops the server (which closes the backend), then compacts
     * the file (H2 files grow under updates). Never throws: a failure is logged, the data committed stays.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (backend instanceof H2Backend h2) {
            try {
                h2.getMvStore().commit();
            } catch (RuntimeException e) {
                log.warn("commit of {} before shutdown failed: {}", file, e.toString());
            }
        }
        try {
            server.shutdownNow();
        } catch (RuntimeException e) {
            log.warn("embedded MongoDB-wire server did not shut down cleanly: {}", e.toString());
            closeBackendQuietly();
        }
        if (file != null) {
            try {
                MVStoreTool.compact(file.toString(), false);
            } catch (RuntimeException e) {
                log.warn("could not compact {} (the data is intact, the file stays larger): {}", file, e.toString());
            }
        }
    }

    private void closeBackendQuietly() {
        try {
            backend.close();
        } catch (RuntimeException e) {
            log.warn("closing the embedded store backend failed: {}", e.toString());
        }
    }
}
