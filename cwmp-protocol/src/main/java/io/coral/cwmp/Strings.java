package io.coral.cwmp;

import java.util.List;

final class Strings {
    private Strings() {
    }

    static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    /** "" stays "", anything else becomes "***". */
    static String mask(String secret) {
        return secret.isEmpty() ? "" : "***";
    }

    static <T> List<T> list(List<T> l) {
        return l == null ? List.of() : List.copyOf(l);
    }
}
