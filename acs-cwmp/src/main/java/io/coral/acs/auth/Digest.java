package io.coral.acs.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** HTTP Digest (RFC 2617, MD5, qop=auth or none) arithmetic and header parsing, shared by both directions. */
public final class Digest {

    private Digest() {}

    public static String md5Hex(String s) {
        try {
            MessageDigest md = MessageDigest.getInstance("MD5");
            return HexFormat.of().formatHex(md.digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 missing from the JDK", e);
        }
    }

    public static String ha1(String username, String realm, String password) {
        return md5Hex(username + ":" + realm + ":" + password);
    }

    /** The expected {@code response} value; {@code qop} null means the RFC 2069 form. */
    public static String response(String ha1, String method, String uri, String nonce, String nc, String cnonce,
            String qop) {
        String ha2 = md5Hex(method + ":" + uri);
        if (qop == null || qop.isEmpty()) {
            return md5Hex(ha1 + ":" + nonce + ":" + ha2);
        }
        return md5Hex(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":" + qop + ":" + ha2);
    }

    /**
     * Parses the parameters of a {@code Digest ...} header ({@code Authorization} or {@code WWW-Authenticate});
     * keys are lower-cased. Returns null if the header is not a Digest header.
     */
    public static Map<String, String> parse(String header) {
        if (header == null) {
            return null;
        }
        String h = header.trim();
        if (h.length() < 7 || !h.regionMatches(true, 0, "Digest ", 0, 7)) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        int i = 7;
        int n = h.length();
        while (i < n) {
            while (i < n && (h.charAt(i) == ' ' || h.charAt(i) == ',' || h.charAt(i) == '\t')) {
                i++;
            }
            int eq = h.indexOf('=', i);
            if (eq < 0) {
                break;
            }
            String key = h.substring(i, eq).trim().toLowerCase(Locale.ROOT);
            i = eq + 1;
            String value;
            if (i < n && h.charAt(i) == '"') {
                StringBuilder sb = new StringBuilder();
                i++;
                while (i < n && h.charAt(i) != '"') {
                    char c = h.charAt(i);
                    if (c == '\\' && i + 1 < n) {
                        c = h.charAt(++i);
                    }
                    sb.append(c);
                    i++;
                }
                i++;
                value = sb.toString();
            } else {
                int end = h.indexOf(',', i);
                if (end < 0) {
                    end = n;
                }
                value = h.substring(i, end).trim();
                i = end;
            }
            if (!key.isEmpty()) {
                out.put(key, value);
            }
        }
        return out;
    }

    public static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
