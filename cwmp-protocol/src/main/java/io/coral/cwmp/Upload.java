package io.coral.cwmp;

/** Upload, e.g. fileType "1 Vendor Configuration File" or "2 Vendor Log File". */
public record Upload(String commandKey, String fileType, String url, String username, String password,
                     int delaySeconds) implements AcsRequest {
    public Upload {
        commandKey = Strings.orEmpty(commandKey);
        fileType = Strings.orEmpty(fileType);
        url = Strings.orEmpty(url);
        username = Strings.orEmpty(username);
        password = Strings.orEmpty(password);
    }

    /** Like the generated one, with the password masked (these records end up in logs). */
    @Override
    public String toString() {
        return "Upload[commandKey=" + commandKey + ", fileType=" + fileType + ", url=" + url + ", username="
                + username + ", password=" + Strings.mask(password) + ", delaySeconds=" + delaySeconds + "]";
    }
}
