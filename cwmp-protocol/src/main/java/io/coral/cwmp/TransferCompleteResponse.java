package io.coral.cwmp;

/** TransferCompleteResponse (empty). */
public record TransferCompleteResponse() implements AcsResponse {
}
