package io.coral.cwmp;

/** RebootResponse (empty). */
public record RebootResponse() implements CpeResponse {
}
