package io.coral.platform.http;

import io.coral.store.Token;
import io.coral.store.TokenRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies bearer tokens against the store (which keeps only hashes). Answers are cached for a few
 * seconds so that a busy console does not cost one store look-up per request; a deleted token stops
 * working within that time.
 */
public final class Authenticator {
    private static final int MAX_CACHED = 10_000;

    private final TokenRepository tokens;
    private final Duration ttl;
    private final Clock clock;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(Token token, Instant expires) {}

    public Authenticator(TokenRepository tokens, Duration ttl, Clock clock) {
        this.tokens = tokens;
        this.ttl = ttl;
        this.clock = clock;
    }

    public Optional<Token> verify(String secret) {
        if (secret == null || secret.isBlank() || secret.length() > 512) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Cached c = cache.get(secret);
        if (c != null && c.expires.isAfter(now)) {
            return Optional.ofNullable(c.token);
        }
        Optional<Token> found = tokens.verify(secret);
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        cache.put(secret, new Cached(found.orElse(null), now.plus(ttl)));
        return found;
    }

    /** Forget cached answers (after a token is deleted through this instance). */
    public void invalidate() {
        cache.clear();
    }
}
