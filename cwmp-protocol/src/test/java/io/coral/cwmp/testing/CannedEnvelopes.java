package io.coral.cwmp.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Canned envelopes under {@code src/test/resources/envelopes/} (shipped in the cwmp-protocol test-jar):
 * {@code cwmp-1-0-igd/} (a Huawei-like TR-098 CPE), {@code cwmp-1-2-device/} (a TR-181 CPE, "soap-env" prefixes),
 * {@code cwmp-1-4-device/} (CWMP 1.4 with SupportedCWMPVersions/SessionTimeout), {@code deviations/} (what real
 * devices get wrong but must still be understood) and {@code hostile/} (what must be refused).
 */
public final class CannedEnvelopes {

    /** The three dialect folders. */
    public static final List<String> DIALECTS = List.of("cwmp-1-0-igd", "cwmp-1-2-device", "cwmp-1-4-device");

    private CannedEnvelopes() {
    }

    /** The bytes of {@code envelopes/<path>}, e.g. {@code bytes("cwmp-1-0-igd/inform.xml")}. */
    public static byte[] bytes(String path) {
        try (InputStream in = CannedEnvelopes.class.getResourceAsStream("/envelopes/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no canned envelope " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(String path) {
        return new String(bytes(path), StandardCharsets.UTF_8);
    }

    /** The file names in one folder, from its {@code index.txt}. */
    public static List<String> list(String folder) {
        return text(folder + "/index.txt").lines().map(String::trim).filter(l -> !l.isEmpty())
                .map(l -> folder + "/" + l).toList();
    }
}
