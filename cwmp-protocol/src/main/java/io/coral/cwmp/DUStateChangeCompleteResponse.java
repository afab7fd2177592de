package io.coral.cwmp;

/** DUStateChangeCompleteResponse (empty). */
public record DUStateChangeCompleteResponse() implements AcsResponse {
}
