package io.coral.cwmp;

/** CancelTransferResponse (empty). */
public record CancelTransferResponse() implements CpeResponse {
}
