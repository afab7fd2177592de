package io.coral.platform.config;

import java.util.Locale;

/**
 * Every platform setting. Each has one key used three ways: the flag {@code --<key>}, the config-file
 * key {@code <key>} and the environment variable {@code CORAL_<KEY>} (upper case, '-' → '_').
 */
public enum Setting {
    DATA_DIR("data-dir", "./data", "directory of the embedded store and the admin-token file"),
    HTTP_PORT("http-port", "8080", "REST API and web console port (0 = any free port)"),
    HTTP_HOST("http-host", "0.0.0.0", "address the REST API binds to"),
    ACS_PORT("acs-port", "7547", "TR-069 ACS port (0 = any free port)"),
    ACS_HOST("acs-host", "0.0.0.0", "address the ACS binds to"),
    ACS_AUTH("acs-auth", "none", "how CPEs authenticate to the ACS: none, digest or basic"),
    ACS_USERNAME("acs-username", null, "one username for every CPE (without it, digest/basic use per-device credentials from the store)"),
    ACS_PASSWORD("acs-password", null, "the password of acs-username"),
    ACS_PROVISION_CR("acs-provision-cr", "true", "on BOOTSTRAP, give each CPE random connection-request credentials and keep them (true/false)"),
    MQTT_PORT("mqtt-port", "1883", "port of the embedded MQTT broker (only when no mqtt-url is given)"),
    MQTT_HOST("mqtt-host", "0.0.0.0", "address the embedded MQTT broker binds to"),
    MQTT_URL("mqtt-url", null, "external MQTT broker (tcp://host:1883); no embedded broker then"),
    NATS_URL("nats-url", null, "NATS server(s) with JetStream (nats://host:4222); in-JVM bus when absent"),
    MONGO_URI("mongo-uri", null, "MongoDB URI (mongodb://host:27017/coral; database 'coral' when the URI names none); embedded store under data-dir when absent"),
    ROLES("roles", "acs,usp,scripts,api", "comma-separated roles this process runs: acs, usp, scripts, api (or all)"),
    USP_ENDPOINT_ID("usp-endpoint-id", "proto::coral", "the controller's USP endpoint id"),
    USP_TOPIC("usp-topic", "usp/controller/coral", "MQTT topic the controller subscribes to"),
    BUS_PREFIX("bus-prefix", "coral", "prefix of every bus subject"),
    INSTANCE_ID("instance-id", null, "stable id of this process's ACS and script-engine instance (task ownership, durable event consumer); one per replica");

    private final String key;
    private final String defaultValue;
    private final String description;

    Setting(String key, String defaultValue, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    public String key() {
        return key;
    }

    public String flag() {
        return "--" + key;
    }

    public String env() {
        return "CORAL_" + key.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    public static Setting byKey(String key) {
        for (Setting s : values()) {
            if (s.key.equals(key)) {
                return s;
            }
        }
        return null;
    }
}
