package io.coral.cwmp;

/**
 * The five cwmp namespace URNs seen on the wire. {@code cwmp-1-2} is the namespace of CWMP 1.2, 1.3 and 1.4
 * (the BBF schemas for 1.3 and 1.4 keep it), but devices and tools also send {@code cwmp-1-3}/{@code cwmp-1-4};
 * all five are accepted and a reply goes out in the namespace the peer used.
 */
public enum CwmpNamespace {
    CWMP_1_0("urn:dslforum-org:cwmp-1-0"),
    CWMP_1_1("urn:dslforum-org:cwmp-1-1"),
    CWMP_1_2("urn:dslforum-org:cwmp-1-2"),
    CWMP_1_3("urn:dslforum-org:cwmp-1-3"),
    CWMP_1_4("urn:dslforum-org:cwmp-1-4");

    private final String uri;

    CwmpNamespace(String uri) {
        this.uri = uri;
    }

    public String uri() {
        return uri;
    }

    /** The namespace with this URI (trimmed, exact otherwise), or null when it is not a cwmp namespace. */
    public static CwmpNamespace fromUri(String uri) {
        if (uri == null) {
            return null;
        }
        String u = uri.trim();
        for (CwmpNamespace ns : values()) {
            if (ns.uri.equals(u)) {
                return ns;
            }
        }
        return null;
    }

    /** Whether a namespace URI looks like some cwmp namespace (used to report an unknown version clearly). */
    public static boolean looksLikeCwmp(String uri) {
        return uri != null && uri.startsWith("urn:dslforum-org:cwmp-");
    }
}
