package io.coral.usp;

import java.util.Set;

/**
 * USP Endpoint IDs: {@code authority-scheme ":" [authority-id] ":" instance-id} (R-ARC.2a). Coral also
 * uses them as MQTT client ids and bus subject tokens, so the allowed characters are the spec's
 * unreserved set plus {@code %} escapes.
 */
public final class EndpointIds {
    public static final Set<String> SCHEMES =
            Set.of("oui", "cid", "pen", "self", "user", "os", "ops", "uuid", "imei", "proto", "doc", "fqdn");
    public static final int MAX_LENGTH = 256;

    private EndpointIds() {}

    public static boolean isValid(String id) {
        return problem(id) == null;
    }

    /** Throws IllegalArgumentException naming what is wrong. */
    public static String require(String id) {
        String problem = problem(id);
        if (problem != null) {
            throw new IllegalArgumentException("invalid USP endpoint id '" + id + "': " + problem);
        }
        return id;
    }

    /** What is wrong with the id, or null when it is valid. */
    public static String problem(String id) {
        if (id == null || id.isEmpty()) {
            return "empty";
        }
        if (id.length() > MAX_LENGTH) {
            return "longer than " + MAX_LENGTH;
        }
        int first = id.indexOf(':');
        int second = first < 0 ? -1 : id.indexOf(':', first + 1);
        if (second < 0) {
            return "expected scheme:authority:instance";
        }
        String scheme = id.substring(0, first);
        if (!SCHEMES.contains(scheme)) {
            return "unknown authority scheme '" + scheme + "'";
        }
        String authority = id.substring(first + 1, second);
        String instance = id.substring(second + 1);
        if (instance.isEmpty()) {
            return "empty instance id";
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '%' || c == ':' || c == '~';
            if (!ok) {
                return "character '" + c + "' not allowed";
            }
        }
        boolean needsAuthority = switch (scheme) {
            case "oui", "cid", "pen", "fqdn" -> true;
            default -> false;
        };
        if (needsAuthority && authority.isEmpty()) {
            return "scheme " + scheme + " needs an authority id";
        }
        return null;
    }
}
