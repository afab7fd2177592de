package io.coral.controller;

/**
 * A request to an agent that produced no USP answer. {@code code} is a Coral bus error code:
 * "timeout", "offline", "not_found", "invalid" or "internal".
 */
public final class UspRequestException extends RuntimeException {
    private final String code;

    public UspRequestException(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
