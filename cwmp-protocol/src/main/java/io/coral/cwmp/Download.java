package io.coral.cwmp;

/** Download. Empty strings stand for absent optional arguments. */
public record Download(String commandKey, String fileType, String url, String username, String password, long fileSize, String targetFileName, int delaySeconds, String successUrl, String failureUrl) implements AcsRequest {
    public Download {
        commandKey = Strings.orEmpty(commandKey);
        fileType = Strings.orEmpty(fileType);
        url = Strings.orEmpty(url);
        username = Strings.orEmpty(username);
        password = Strings.orEmpty(password);
        targetFileName = Strings.orEmpty(targetFileName);
        successUrl = Strings.orEmpty(successUrl);
        failureUrl = Strings.orEmpty(failureUrl);
    }
}
