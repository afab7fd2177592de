package io.coral.cwmp;

/** ScheduleInformResponse (empty). */
public record ScheduleInformResponse() implements CpeResponse {
}
