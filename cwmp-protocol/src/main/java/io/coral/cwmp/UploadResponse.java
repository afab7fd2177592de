package io.coral.cwmp;

/** UploadResponse: status 0 done, 1 TransferComplete follows. */
public record UploadResponse(int status, String startTime, String completeTime) implements CpeResponse {
    public UploadResponse {
        startTime = Strings.orEmpty(startTime);
        completeTime = Strings.orEmpty(completeTime);
    }
}
