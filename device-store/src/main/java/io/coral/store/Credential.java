package io.coral.store;

import java.time.Instant;

/**
 * A CPE → ACS credential. The password is never stored: {@code passwordHash} is a salted PBKDF2 hash
 * (for Basic) and {@code digestHa1} is MD5(username:realm:password) for HTTP Digest with the ACS realm.
 */
public record Credential(String username, String passwordHash, String digestHa1, String realm, Instant updated) {}
