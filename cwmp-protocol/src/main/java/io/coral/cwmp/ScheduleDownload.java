package io.coral.cwmp;

import java.util.List;

/** ScheduleDownload: a download within one or two time windows. */
public record ScheduleDownload(String commandKey, String fileType, String url, String username, String password,
                               long fileSize, String targetFileName, List<TimeWindow> timeWindowList)
        implements AcsRequest {
    public ScheduleDownload {
        commandKey = Strings.orEmpty(commandKey);
        fileType = Strings.orEmpty(fileType);
        url = Strings.orEmpty(url);
        username = Strings.orEmpty(username);
        password = Strings.orEmpty(password);
        targetFileName = Strings.orEmpty(targetFileName);
        timeWindowList = Strings.list(timeWindowList);
    }

    /** Like the generated one, with the password masked (these records end up in logs). */
    @Override
    public String toString() {
        return "ScheduleDownload[commandKey=" + commandKey + ", fileType=" + fileType + ", url=" + url
                + ", username=" + username + ", password=" + Strings.mask(password) + ", fileSize=" + fileSize
                + ", targetFileName=" + targetFileName + ", timeWindowList=" + timeWindowList + "]";
    }
}
