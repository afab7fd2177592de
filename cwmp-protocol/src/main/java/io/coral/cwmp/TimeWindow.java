package io.coral.cwmp;

/**
 * TimeWindowStruct of ScheduleDownload. Window times are seconds from the request;
 * mode is "1 At Any Time", "2 Immediately" or "3 When Idle" (or "4 Confirmation Needed").
 */
public record TimeWindow(long windowStart, long windowEnd, String windowMode, String userMessage, int maxRetries) {
    public TimeWindow {
        windowMode = Strings.orEmpty(windowMode);
        userMessage = Strings.orEmpty(userMessage);
    }
}
