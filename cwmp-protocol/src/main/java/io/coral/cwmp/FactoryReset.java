package io.coral.cwmp;

/** FactoryReset. */
public record FactoryReset() implements AcsRequest {
}
