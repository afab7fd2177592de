package io.coral.cwmp.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Canned envelopes under {@code src/test/resources/envelopes/}. */
final class Envelopes {
    private Envelopes() {
    }

    static byte[] bytes(String path) {
        try (InputStream in = Envelopes.class.getResourceAsStream("/envelopes/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no canned envelope " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String path) {
        return new String(bytes(path), StandardCharsets.UTF_8);
    }
}
