package io.coral.acs.session;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live sessions of this instance, by session id (the cookie) and by device: a new Inform from a device ends
 * its previous session. Ended sessions are gone at once, so their cookie never finds them again.
 */
public final class SessionRegistry {

    private final ConcurrentHashMap<String, CwmpSession> byId = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, CwmpSession> bySn = new ConcurrentHashMap<>();
    private final SecureRandom random = drbg();

    public String newId() {
        byte[] b = new byte[15];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** The session id is the only proof of the Inform's authentication for the rest of the session: unguessable. */
    private static SecureRandom drbg() {
        try {
            // A DRBG seeded once needs no read of /dev/urandom per id, unlike the default NativePRNG.
            return SecureRandom.getInstance("DRBG");
        } catch (java.security.NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }

    public CwmpSession get(String id) {
        if (id == null) {
            return null;
        }
        CwmpSession s = byId.get(id);
        return s == null || s.ended() ? null : s;
    }

    public CwmpSession bySn(String sn) {
        CwmpSession s = bySn.get(sn);
        return s == null || s.ended() ? null : s;
    }

    public boolean hasSession(String sn) {
        return bySn(sn) != null;
    }

    /** Registers a new session; a previous session of the same device is aborted. */
    public void add(CwmpSession s) {
        byId.put(s.id(), s);
        CwmpSession previous = bySn.put(s.sn(), s);
        if (previous != null && previous != s) {
            synchronized (previous) {
                previous.abort("replaced by a new Inform");
            }
            byId.remove(previous.id(), previous);
        }
    }

    public void remove(CwmpSession s) {
        byId.remove(s.id(), s);
        bySn.remove(s.sn(), s);
    }

    public int size() {
        return byId.size();
    }

    /** Aborts sessions idle past their timeout. */
    public int expire(Instant now) {
        int n = 0;
        for (CwmpSession s : byId.values()) {
            if (s.expired(now)) {
                synchronized (s) {
                    if (s.expired(now)) {
                        s.abort("session timeout");
                        n++;
                    }
                }
            }
            if (s.ended()) {
                remove(s);
            }
        }
        return n;
    }

    /** Aborts every session (shutdown), leaving unanswered requests to be requeued at the next start. */
    public void abortAll(String reason) {
        for (CwmpSession s : byId.values()) {
            synchronized (s) {
                s.abort(reason, false);
            }
            remove(s);
        }
    }
}
