package io.coral.platform;

import io.coral.store.Store;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first admin token. On a start with no token in the store, the secret comes from
 * {@code CORAL_ADMIN_TOKEN} or is generated; it is stored hashed, returned once (to be printed) and,
 * when there is a data directory, written to {@code <data dir>/admin-token} (mode 600).
 */
public final class AdminToken {
    private static final Logger log = LoggerFactory.getLogger(AdminToken.class);
    public static final String ENV = "CORAL_ADMIN_TOKEN";
    public static final String FILE = "admin-token";
    static final int MIN_LENGTH = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private AdminToken() {}

    /** A new random secret: "coral_" + 32 random bytes, URL-safe base64. */
    public static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "coral_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static void checkGiven(String given) {
        if (given != null && (given.length() < MIN_LENGTH || given.length() > 256 || !given.matches("[\\x21-\\x7e]+"))) {
            throw new io.coral.platform.config.ConfigException(ENV,
                    "must be " + MIN_LENGTH + "-256 printable characters without spaces");
        }
    }

    /**
     * Creates the admin token if the store has none. Returns the secret when this call created it.
     * A lease keeps two instances starting at once from both creating one.
     */
    public static Optional<String> bootstrap(Store store, String given, Path dataDir) {
        checkGiven(given);
        if (store.tokens().count() > 0) {
            if (given != null && store.tokens().verify(given).isEmpty()) {
                log.warn("{} is set but the store already has tokens; it is ignored (create tokens with POST /api/tokens)", ENV);
            }
            return Optional.empty();
        }
        String owner = UUID.randomUUID().toString();
        if (!store.leases().tryAcquire("admin-token-bootstrap", owner, Duration.ofSeconds(30))) {
            return Optional.empty();
        }
        try {
            if (store.tokens().count() > 0) {
                return Optional.empty();
            }
            String secret = given != null ? given : newSecret();
            store.tokens().create("admin", secret, true);
            if (dataDir != null) {
                write(dataDir.resolve(FILE), secret);
            }
            return Optional.of(secret);
        } finally {
            store.leases().release("admin-token-bootstrap", owner);
        }
    }

    private static void write(Path file, String secret) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, secret + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                log.debug("no POSIX permissions on {}", file);
            }
        } catch (IOException e) {
            log.warn("cannot write the admin token to {}: {}", file, e.getMessage());
        }
    }
}
