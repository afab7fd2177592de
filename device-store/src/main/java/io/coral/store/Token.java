package io.coral.store;

import java.time.Instant;

/** An API token. Only the SHA-256 of the secret is stored. */
public record Token(String id, String name, String hash, boolean admin, Instant created) {}
