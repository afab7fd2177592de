package io.coral.cwmp;

/** ScheduleDownloadResponse (empty). */
public record ScheduleDownloadResponse() implements CpeResponse {
}
