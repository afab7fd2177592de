package io.coral.cwmp;

/** ScheduleInform: an Inform with "3 SCHEDULED" and "M ScheduleInform" after {@code delaySeconds}. */
public record ScheduleInform(long delaySeconds, String commandKey) implements AcsRequest {
    public ScheduleInform {
        commandKey = Strings.orEmpty(commandKey);
    }
}
