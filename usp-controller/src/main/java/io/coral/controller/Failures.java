package io.coral.controller;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

final class Failures {
    private Failures() {}

    static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    static UspRequestException asRequestException(Throwable t) {
        Throwable u = unwrap(t);
        return u instanceof UspRequestException r ? r : new UspRequestException("internal", String.valueOf(u));
    }
}
