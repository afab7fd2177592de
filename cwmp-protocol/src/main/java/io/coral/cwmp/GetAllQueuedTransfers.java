package io.coral.cwmp;

/** GetAllQueuedTransfers. */
public record GetAllQueuedTransfers() implements AcsRequest {
}
