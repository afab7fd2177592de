package io.coral.cwmp;

/** TransferComplete: the result of a Download/Upload/ScheduleDownload, matched by CommandKey. */
public record TransferComplete(String commandKey, FaultStruct fault, String startTime, String completeTime)
        implements CpeRequest {
    public TransferComplete {
        commandKey = Strings.orEmpty(commandKey);
        fault = fault == null ? FaultStruct.NONE : fault;
        startTime = Strings.orEmpty(startTime);
        completeTime = Strings.orEmpty(completeTime);
    }
}
