package io.coral.acs.session;

/** CWMP 1.4 version negotiation: the highest version both sides support (Amd 6 §3.7.4). */
final class VersionNegotiation {

    private static final int[][] SUPPORTED = {{1, 0}, {1, 1}, {1, 2}, {1, 3}, {1, 4}};

    private VersionNegotiation() {}

    /** From the CPE's SupportedCWMPVersions ("1.0,1.1,1.2,1.3,1.4"), the version to use, or null if none fits. */
    static String choose(String supported) {
        int bestMajor = -1;
        int bestMinor = -1;
        for (String v : supported.split(",")) {
            String t = v.trim();
            int dot = t.indexOf('.');
            if (dot <= 0) {
                continue;
            }
            int major;
            int minor;
            try {
                major = Integer.parseInt(t.substring(0, dot));
                minor = Integer.parseInt(t.substring(dot + 1));
            } catch (NumberFormatException e) {
                continue;
            }
            for (int[] s : SUPPORTED) {
                if (s[0] == major && s[1] == minor
                        && (major > bestMajor || (major == bestMajor && minor > bestMinor))) {
                    bestMajor = major;
                    bestMinor = minor;
                }
            }
        }
        return bestMajor < 0 ? null : bestMajor + "." + bestMinor;
    }
}
