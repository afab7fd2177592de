package io.coral.cwmp;

/** SetParameterAttributesResponse (empty). */
public record SetParameterAttributesResponse() implements CpeResponse {
}
