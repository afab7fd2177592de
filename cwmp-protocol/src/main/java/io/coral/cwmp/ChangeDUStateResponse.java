package io.coral.cwmp;

/** ChangeDUStateResponse (empty). */
public record ChangeDUStateResponse() implements CpeResponse {
}
