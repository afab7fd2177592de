package io.coral.cwmp;

/** FactoryResetResponse (empty). */
public record FactoryResetResponse() implements CpeResponse {
}
