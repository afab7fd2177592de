package io.coral.acs.auth;

import io.coral.acs.AuthMode;
import io.coral.store.Credential;
import io.coral.store.CredentialRepository;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Authenticates a CPE's HTTP request: none, Basic or Digest, against one configured credential pair
 * and/or the per-device credentials in the store. Digest nonces are stateless (an HMAC over time, a
 * random part and the client address), a fresh one for every challenge.
 */
public final class CpeAuthenticator {

    /** The outcome: {@code ok} with the user, or a {@code WWW-Authenticate} challenge to send with 401. */
    public record Result(boolean ok, String username, String challenge) {
        static Result accepted(String user) {
            return new Result(true, user, null);
        }
    }

    private static final Duration BASIC_CACHE_TTL = Duration.ofMinutes(5);

    private final AuthMode mode;
    private final String realm;
    private final String username;
    private final String password;
    private final CredentialRepository store;
    private final Duration nonceTtl;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final byte[] secret = new byte[32];
    private final Map<String, Long> basicVerified = new ConcurrentHashMap<>();

    /**
     * @param username configured user, or null to use only the store
     * @param store per-device credentials, or null to use only the configured pair
     */
    public CpeAuthenticator(AuthMode mode, String realm, String username, String password,
            CredentialRepository store, Duration nonceTtl, Clock clock) {
        this.mode = mode;
        this.realm = realm;
        this.username = username;
        this.password = password;
        this.store = store;
        this.nonceTtl = nonceTtl;
        this.clock = clock;
        random.nextBytes(secret);
    }

    public AuthMode mode() {
        return mode;
    }

    public String realm() {
        return realm;
    }

    public Result authenticate(String method, String uri, String authorization, String remoteIp) {
        return switch (mode) {
            case NONE -> Result.accepted(null);
            case BASIC -> basic(authorization);
            case DIGEST -> digest(method, uri, authorization, remoteIp);
        };
    }

    private Result basic(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return basicChallenge();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return basicChallenge();
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return basicChallenge();
        }
        String user = decoded.substring(0, colon);
        String pass = decoded.substring(colon + 1);
        if (username != null && constantEquals(username, user) && constantEquals(password, pass)) {
            return Result.accepted(user);
        }
        if (store != null) {
            // PBKDF2 is slow on purpose: remember a verified pair for a while instead of hashing on every Inform.
            String key = Digest.md5Hex(user + "\0" + pass + "\0" + Base64.getEncoder().encodeToString(secret));
            long now = clock.millis();
            Long until = basicVerified.get(key);
            if (until != null && until > now) {
                return Result.accepted(user);
            }
            if (store.verifyPassword(user, pass)) {
                if (basicVerified.size() > 100_000) {
                    basicVerified.clear();
                }
                basicVerified.put(key, now + BASIC_CACHE_TTL.toMillis());
                return Result.accepted(user);
            }
        }
        return basicChallenge();
    }

    private Result basicChallenge() {
        return new Result(false, null, "Basic realm=" + Digest.quote(realm));
    }

    private Result digest(String method, String uri, String authorization, String remoteIp) {
        Map<String, String> p = Digest.parse(authorization);
        if (p == null) {
            return digestChallenge(remoteIp, false);
        }
        String user = p.get("username");
        String nonce = p.get("nonce");
        String response = p.get("response");
        String reqUri = p.get("uri");
        if (user == null || nonce == null || response == null || reqUri == null
                || !realm.equals(p.get("realm"))) {
            return digestChallenge(remoteIp, false);
        }
        NonceCheck check = checkNonce(nonce, remoteIp);
        if (check == NonceCheck.INVALID) {
            return digestChallenge(remoteIp, false);
        }
        if (!sameUri(reqUri, uri)) {
            return digestChallenge(remoteIp, false);
        }
        Optional<String> ha1 = ha1For(user);
        if (ha1.isEmpty()) {
            return digestChallenge(remoteIp, false);
        }
        String qop = p.get("qop");
        String expected = Digest.response(ha1.get(), method, reqUri, nonce, p.get("nc"), p.get("cnonce"), qop);
        if (!constantEquals(expected, response.toLowerCase(java.util.Locale.ROOT))) {
            return digestChallenge(remoteIp, false);
        }
        if (check == NonceCheck.STALE) {
            return digestChallenge(remoteIp, true);
        }
        return Result.accepted(user);
    }

    private static boolean sameUri(String fromHeader, String requestUri) {
        if (fromHeader.equals(requestUri)) {
            return true;
        }
        // Some CPEs put the absolute URL in the digest uri.
        int scheme = fromHeader.indexOf("://");
        if (scheme > 0) {
            int slash = fromHeader.indexOf('/', scheme + 3);
            String path = slash < 0 ? "/" : fromHeader.substring(slash);
            return path.equals(requestUri);
        }
        return false;
    }

    private Optional<String> ha1For(String user) {
        if (username != null && username.equals(user)) {
            return Optional.of(Digest.ha1(username, realm, password));
        }
        if (store != null) {
            Optional<Credential> c = store.find(user);
            if (c.isPresent() && c.get().digestHa1() != null && realm.equals(c.get().realm())) {
                return Optional.of(c.get().digestHa1());
            }
        }
        return Optional.empty();
    }

    private Result digestChallenge(String remoteIp, boolean stale) {
        String challenge = "Digest realm=" + Digest.quote(realm) + ", qop=\"auth\", algorithm=MD5, nonce="
                + Digest.quote(newNonce(remoteIp)) + (stale ? ", stale=true" : "");
        return new Result(false, null, challenge);
    }

    private enum NonceCheck { VALID, STALE, INVALID }

    String newNonce(String remoteIp) {
        byte[] rnd = new byte[8];
        random.nextBytes(rnd);
        ByteBuffer body = ByteBuffer.allocate(16).putLong(clock.millis()).put(rnd);
        byte[] mac = mac(body.array(), remoteIp);
        ByteBuffer all = ByteBuffer.allocate(32).put(body.array()).put(mac, 0, 16);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(all.array());
    }

    private NonceCheck checkNonce(String nonce, String remoteIp) {
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(nonce);
        } catch (IllegalArgumentException e) {
            return NonceCheck.INVALID;
        }
        if (raw.length != 32) {
            return NonceCheck.INVALID;
        }
        byte[] body = java.util.Arrays.copyOf(raw, 16);
        byte[] mac = mac(body, remoteIp);
        if (!MessageDigest.isEqual(java.util.Arrays.copyOf(mac, 16), java.util.Arrays.copyOfRange(raw, 16, 32))) {
            return NonceCheck.INVALID;
        }
        long issued = ByteBuffer.wrap(body).getLong();
        return clock.millis() - issued > nonceTtl.toMillis() ? NonceCheck.STALE : NonceCheck.VALID;
    }

    private byte[] mac(byte[] body, String remoteIp) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(secret, "HmacSHA256"));
            m.update(body);
            m.update(String.valueOf(remoteIp).getBytes(StandardCharsets.UTF_8));
            return m.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 missing from the JDK", e);
        }
    }

    private static boolean constantEquals(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
