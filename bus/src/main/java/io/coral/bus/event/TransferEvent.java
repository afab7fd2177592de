package io.coral.bus.event;

import java.time.Instant;

/** TransferComplete / AutonomousTransferComplete, on {@code events.cwmp.transfer.<sn>}. */
public record TransferEvent(
        String sn,
        String commandKey,
        boolean autonomous,
        String taskId,
        int faultCode,
        String faultString,
        Instant startTime,
        Instant completeTime,
        String fileType,
        String announceUrl,
        String transferUrl,
        Boolean isDownload,
        Instant timestamp) {}
