package io.coral.store;

/**
 * The device store: every collection Coral keeps. One implementation on the MongoDB Java driver
 * ({@code MongoStore}); it runs against a real MongoDB or the in-process {@code EmbeddedMongo}.
 * Indices are created when the store opens.
 */
public interface Store extends AutoCloseable {
    DeviceRepository devices();

    ParameterRepository parameters();

    TaskRepository tasks();

    ScriptRepository scripts();

    RunRepository runs();

    CredentialRepository credentials();

    TokenRepository tokens();

    /** Named leases (one CWMP session per device, one cron fire, one sweeper) across instances. */
    LeaseRepository leases();

    /** Per-key auto-increment counters ({@code next_id} in Lua). */
    long nextId(String key);

    @Override
    void close();
}
