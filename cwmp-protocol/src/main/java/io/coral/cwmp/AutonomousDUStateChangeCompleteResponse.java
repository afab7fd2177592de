package io.coral.cwmp;

/** AutonomousDUStateChangeCompleteResponse (empty). */
public record AutonomousDUStateChangeCompleteResponse() implements AcsResponse {
}
