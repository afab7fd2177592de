package io.coral.simulator.cwmp;

/** A file transfer the ACS asked for (Download, ScheduleDownload, Upload), queued until it runs. */
final class Transfer {
    private final boolean download;
    private final String commandKey;
    private final String fileType;
    private final String url;
    private final String username;
    private final String password;
    private final long fileSize;
    private final String targetFileName;
    private final int delaySeconds;
    private final String methodEvent;
    private volatile boolean started;

    private Transfer(boolean download, String commandKey, String fileType, String url, String username, String password,
                     long fileSize, String targetFileName, int delaySeconds, String methodEvent) {
        this.download = download;
        this.commandKey = commandKey == null ? "" : commandKey;
        this.fileType = fileType == null ? "" : fileType;
        this.url = url == null ? "" : url;
        this.username = username == null ? "" : username;
        this.password = password == null ? "" : password;
        this.fileSize = fileSize;
        this.targetFileName = targetFileName == null ? "" : targetFileName;
        this.delaySeconds = delaySeconds;
        this.methodEvent = methodEvent;
    }

    static Transfer download(String commandKey, String fileType, String url, String username, String password,
                             long fileSize, String targetFileName, int delaySeconds, String methodEvent) {
        return new Transfer(true, commandKey, fileType, url, username, password, fileSize, targetFileName, delaySeconds,
                methodEvent);
    }

    static Transfer upload(String commandKey, String fileType, String url, String username, String password,
                           int delaySeconds) {
        return new Transfer(false, commandKey, fileType, url, username, password, 0, "", delaySeconds, "M Upload");
    }

    boolean isDownload() { return download; }
    String commandKey() { return commandKey; }
    String fileType() { return fileType; }
    String url() { return url; }
    String username() { return username; }
    String password() { return password; }
    long fileSize() { return fileSize; }
    String targetFileName() { return targetFileName; }
    int delaySeconds() { return delaySeconds; }
    String methodEvent() { return methodEvent; }
    boolean started() { return started; }
    void markStarted() { started = true; }

    boolean isFirmware() {
        return fileType.startsWith("1 ");
    }
}
