package io.coral.cwmp;

/** AutonomousTransferComplete: a transfer the CPE did on its own (an ACS must answer it). */
public record AutonomousTransferComplete(String announceUrl, String transferUrl, boolean isDownload, String fileType,
                                         long fileSize, String targetFileName, FaultStruct fault, String startTime,
                                         String completeTime) implements CpeRequest {
    public AutonomousTransferComplete {
        announceUrl = Strings.orEmpty(announceUrl);
        transferUrl = Strings.orEmpty(transferUrl);
        fileType = Strings.orEmpty(fileType);
        targetFileName = Strings.orEmpty(targetFileName);
        fault = fault == null ? FaultStruct.NONE : fault;
        startTime = Strings.orEmpty(startTime);
        completeTime = Strings.orEmpty(completeTime);
    }
}
