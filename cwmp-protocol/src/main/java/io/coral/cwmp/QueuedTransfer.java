package io.coral.cwmp;

/** AllQueuedTransferStruct. State: 1 not yet started, 2 in progress, 3 completed. */
public record QueuedTransfer(String commandKey, int state, boolean isDownload, String fileType, long fileSize,
                             String targetFileName) {
    public QueuedTransfer {
        commandKey = Strings.orEmpty(commandKey);
        fileType = Strings.orEmpty(fileType);
        targetFileName = Strings.orEmpty(targetFileName);
    }
}
