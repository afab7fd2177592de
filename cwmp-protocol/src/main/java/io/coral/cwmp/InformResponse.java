package io.coral.cwmp;

/** InformResponse; MaxEnvelopes is always 1 in practice. */
public record InformResponse(int maxEnvelopes) implements AcsResponse {
}
