package io.coral.cwmp;

import java.util.List;

/** GetAllQueuedTransfersResponse. */
public record GetAllQueuedTransfersResponse(List<QueuedTransfer> transferList) implements CpeResponse {
    public GetAllQueuedTransfersResponse {
        transferList = Strings.list(transferList);
    }
}
