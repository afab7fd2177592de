package io.coral.store;

import java.time.Instant;

/** One stored parameter value of a device. {@code type} is the xsd type ("xsd:string", "xsd:unsignedInt", …) or null. */
public record Parameter(String sn, String path, String value, String type, Boolean writable, Instant lastRead) {}
