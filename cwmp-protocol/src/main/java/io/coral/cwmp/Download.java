package io.coral.cwmp;

/** Download. Empty strings stand for absent optional arguments. */
public record Download(String commandKey, String fileType, String url, String username, String password,
                       long fileSize, String targetFileName, int delaySeconds, String successUrl, String failureUrl)
        implements AcsRequest {
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

    /** Like the generated one, with the password masked (these records end up in logs). */
    @Override
    public String toString() {
        return "Download[commandKey=" + commandKey + ", fileType=" + fileType + ", url=" + url + ", username="
                + username + ", password=" + Strings.mask(password) + ", fileSize=" + fileSize + ", targetFileName="
                + targetFileName + ", delaySeconds=" + delaySeconds + ", successUrl=" + successUrl + ", failureUrl="
                + failureUrl + "]";
    }
}
