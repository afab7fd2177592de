package io.coral.platform.config;

/** A setting is wrong. The message is one line that names the setting and where its value came from. */
public class ConfigException extends RuntimeException {
    private final String setting;

    public ConfigException(String setting, String message) {
        super(setting + ": " + message);
        this.setting = setting;
    }

    public String setting() {
        return setting;
    }
}
