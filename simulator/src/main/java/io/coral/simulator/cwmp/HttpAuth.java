package io.coral.simulator.cwmp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

/** HTTP Basic and Digest (RFC 7616, MD5, qop=auth) for both ends: the CPE towards the ACS, and its connection-request listener. */
final class HttpAuth {
    private static final SecureRandom RANDOM = new SecureRandom();

    private HttpAuth() {
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Parses {@code Digest realm="x", nonce="y", qop="auth"} (or any auth-param list) into lower-case keys. */
    static Map<String, String> params(String header) {
        Map<String, String> out = new HashMap<>();
        int sp = header.indexOf(' ');
        String rest = sp < 0 ? "" : header.substring(sp + 1);
        int i = 0;
        while (i < rest.length()) {
            while (i < rest.length() && (rest.charAt(i) == ' ' || rest.charAt(i) == ',')) {
                i++;
            }
            int eq = rest.indexOf('=', i);
            if (eq < 0) {
                break;
            }
            String key = rest.substring(i, eq).strip().toLowerCase(Locale.ROOT);
            i = eq + 1;
            String value;
            if (i < rest.length() && rest.charAt(i) == '"') {
                StringBuilder sb = new StringBuilder();
                i++;
                while (i < rest.length() && rest.charAt(i) != '"') {
                    if (rest.charAt(i) == '\\' && i + 1 < rest.length()) {
                        i++;
                    }
                    sb.append(rest.charAt(i++));
                }
                i++;
                value = sb.toString();
            } else {
                int end = rest.indexOf(',', i);
                if (end < 0) {
                    end = rest.length();
                }
                value = rest.substring(i, end).strip();
                i = end;
            }
            out.put(key, value);
        }
        return out;
    }

    static String scheme(String header) {
        int sp = header.indexOf(' ');
        return (sp < 0 ? header : header.substring(0, sp)).toLowerCase(Locale.ROOT);
    }

    /** The Authorization header answering a Digest challenge. */
    static String digest(Map<String, String> challenge, String method, String uri, String user, String password, int nc) {
        String realm = challenge.getOrDefault("realm", "");
        String nonce = challenge.getOrDefault("nonce", "");
        String qop = challenge.get("qop");
        boolean auth = qop != null && containsToken(qop, "auth");
        String cnonce = HexFormat.of().formatHex(randomBytes(8));
        String ncHex = String.format("%08x", nc);
        String ha1 = md5(user + ":" + realm + ":" + password);
        String ha2 = md5(method + ":" + uri);
        String response = auth ? md5(ha1 + ":" + nonce + ":" + ncHex + ":" + cnonce + ":auth:" + ha2)
                : md5(ha1 + ":" + nonce + ":" + ha2);
        StringBuilder sb = new StringBuilder("Digest username=\"").append(user).append("\", realm=\"").append(realm)
                .append("\", nonce=\"").append(nonce).append("\", uri=\"").append(uri).append("\", response=\"")
                .append(response).append('"');
        if (challenge.containsKey("opaque")) {
            sb.append(", opaque=\"").append(challenge.get("opaque")).append('"');
        }
        if (challenge.containsKey("algorithm")) {
            sb.append(", algorithm=").append(challenge.get("algorithm"));
        }
        if (auth) {
            sb.append(", qop=auth, nc=").append(ncHex).append(", cnonce=\"").append(cnonce).append('"');
        }
        return sb.toString();
    }

    /** Checks a Digest Authorization header against the expected credentials (server side). */
    static boolean verifyDigest(Map<String, String> a, String method, String user, String password) {
        if (!user.equals(a.get("username"))) {
            return false;
        }
        String ha1 = md5(user + ":" + a.getOrDefault("realm", "") + ":" + password);
        String ha2 = md5(method + ":" + a.getOrDefault("uri", ""));
        String nonce = a.getOrDefault("nonce", "");
        String expected = a.containsKey("qop")
                ? md5(ha1 + ":" + nonce + ":" + a.getOrDefault("nc", "") + ":" + a.getOrDefault("cnonce", "") + ":"
                + a.get("qop") + ":" + ha2)
                : md5(ha1 + ":" + nonce + ":" + ha2);
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                a.getOrDefault("response", "").getBytes(StandardCharsets.US_ASCII));
    }

    private static boolean containsToken(String list, String token) {
        for (String t : list.split(",")) {
            if (t.strip().equalsIgnoreCase(token)) {
                return true;
            }
        }
        return false;
    }

    static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    static String md5(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 missing from the JDK", e);
        }
    }
}
