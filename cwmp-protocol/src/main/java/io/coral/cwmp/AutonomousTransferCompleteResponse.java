package io.coral.cwmp;

/** AutonomousTransferCompleteResponse (empty). */
public record AutonomousTransferCompleteResponse() implements AcsResponse {
}
