package io.coral.bus.command;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The error half of every reply. {@code code} is a string: a CWMP/USP fault code ("9005", "7026")
 * or a Coral code ("timeout", "offline", "not_found", "invalid", "internal"). {@code detail} carries
 * the protocol's whole fault (parameter faults, raw response) when there is one.
 */
public record BusError(String code, String message, JsonNode detail) {
    public static BusError of(String code, String message) {
        return new BusError(code, message, null);
    }
}
