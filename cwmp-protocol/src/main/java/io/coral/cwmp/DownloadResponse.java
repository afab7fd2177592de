package io.coral.cwmp;

/** DownloadResponse: status 0 done (times set), 1 not yet done (TransferComplete follows). */
public record DownloadResponse(int status, String startTime, String completeTime) implements CpeResponse {
    public DownloadResponse {
        startTime = Strings.orEmpty(startTime);
        completeTime = Strings.orEmpty(completeTime);
    }
}
