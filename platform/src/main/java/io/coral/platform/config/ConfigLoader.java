package io.coral.platform.config;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Merges the settings from, in rising priority: defaults, the config file (Java properties,
 * {@code key=value}), the environment ({@code CORAL_*}) and flags. Every value is validated here; a
 * bad one is a {@link ConfigException} naming the setting and the source it came from.
 */
public final class ConfigLoader {

    /** Environment variable naming the config file when no {@code --config} flag is given. */
    public static final String CONFIG_ENV = "CORAL_CONFIG";

    private final Map<Setting, String> flags;
    private final Map<String, String> env;
    private final Path configFile;

    private ConfigLoader(Builder b) {
        this.flags = b.flags;
        this.env = b.env;
        this.configFile = b.configFile;
    }

    public static Builder builder() {
        return new Builder();
    }

    public CoralConfig load() {
        Map<Setting, Sourced> values = new EnumMap<>(Setting.class);
        for (Setting s : Setting.values()) {
            if (s.defaultValue() != null) {
                values.put(s, new Sourced(s.defaultValue(), "default"));
            }
        }
        Path file = configFile;
        String fileSource = "--config";
        if (file == null && env.get(CONFIG_ENV) != null && !env.get(CONFIG_ENV).isBlank()) {
            file = Path.of(env.get(CONFIG_ENV));
            fileSource = CONFIG_ENV;
        }
        if (file != null) {
            readFile(file, fileSource, values);
        }
        for (Setting s : Setting.values()) {
            String v = env.get(s.env());
            if (v != null) {
                values.put(s, new Sourced(v, s.env()));
            }
        }
        flags.forEach((s, v) -> values.put(s, new Sourced(v, s.flag())));
        return validate(values);
    }

    private static void readFile(Path file, String source, Map<Setting, Sourced> values) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("config", "file " + file + " (from " + source + ") does not exist or is not a file");
        }
        Properties props = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(r);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("config", "cannot read " + file + ": " + e.getMessage());
        }
        for (String key : props.stringPropertyNames()) {
            Setting s = Setting.byKey(key.trim());
            if (s == null) {
                throw new ConfigException(key.trim(), "unknown key in " + file + " (known keys: " + knownKeys() + ")");
            }
            values.put(s, new Sourced(props.getProperty(key).trim(), file.toString()));
        }
    }

    private static String knownKeys() {
        StringBuilder sb = new StringBuilder();
        for (Setting s : Setting.values()) {
            if (!sb.isEmpty()) {
                sb.append(", ");
            }
            sb.append(s.key());
        }
        return sb.toString();
    }

    private static CoralConfig validate(Map<Setting, Sourced> v) {
        Path dataDir = Path.of(required(v, Setting.DATA_DIR));
        if (Files.exists(dataDir) && !Files.isDirectory(dataDir)) {
            throw error(v, Setting.DATA_DIR, "'" + dataDir + "' exists and is not a directory");
        }
        Set<Role> roles;
        try {
            roles = Role.parseList(required(v, Setting.ROLES));
        } catch (IllegalArgumentException e) {
            throw error(v, Setting.ROLES, e.getMessage());
        }
        String endpointId = required(v, Setting.USP_ENDPOINT_ID);
        if (!io.coral.usp.EndpointIds.isValid(endpointId)) {
            throw error(v, Setting.USP_ENDPOINT_ID, "'" + endpointId + "' is not a USP endpoint id ("
                    + io.coral.usp.EndpointIds.problem(endpointId) + ")");
        }
        String topic = required(v, Setting.USP_TOPIC);
        if (topic.contains("+") || topic.contains("#")) {
            throw error(v, Setting.USP_TOPIC, "'" + topic + "' must not contain MQTT wildcards (+ or #)");
        }
        String acsAuth = required(v, Setting.ACS_AUTH).toLowerCase(java.util.Locale.ROOT);
        if (!Set.of("none", "digest", "basic").contains(acsAuth)) {
            throw error(v, Setting.ACS_AUTH, "'" + acsAuth + "' must be none, digest or basic");
        }
        String acsUser = optional(v, Setting.ACS_USERNAME);
        String acsPassword = optional(v, Setting.ACS_PASSWORD);
        if ((acsUser == null) != (acsPassword == null)) {
            throw error(v, acsUser == null ? Setting.ACS_USERNAME : Setting.ACS_PASSWORD,
                    "acs-username and acs-password go together");
        }
        if (acsUser != null && acsAuth.equals("none")) {
            throw error(v, Setting.ACS_AUTH, "is none but acs-username is set; use digest or basic");
        }
        String prefix = required(v, Setting.BUS_PREFIX);
        if (!prefix.matches("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*")) {
            throw error(v, Setting.BUS_PREFIX, "'" + prefix + "' must be dot-separated tokens of letters, digits, '-' and '_'");
        }
        return new CoralConfig(
                dataDir,
                host(v, Setting.HTTP_HOST),
                port(v, Setting.HTTP_PORT),
                host(v, Setting.ACS_HOST),
                port(v, Setting.ACS_PORT),
                acsAuth,
                acsUser,
                acsPassword,
                bool(v, Setting.ACS_PROVISION_CR),
                host(v, Setting.MQTT_HOST),
                port(v, Setting.MQTT_PORT),
                url(v, Setting.MQTT_URL, Set.of("tcp", "ssl", "ws", "wss", "mqtt", "mqtts")),
                natsUrl(v),
                url(v, Setting.MONGO_URI, Set.of("mongodb", "mongodb+srv")),
                roles,
                endpointId,
                topic,
                prefix,
                instanceId(v));
    }

    private static String required(Map<Setting, Sourced> v, Setting s) {
        Sourced x = v.get(s);
        if (x == null || x.value.isBlank()) {
            String from = x == null ? "" : " (empty in " + x.source + ")";
            throw new ConfigException(s.key(), "a value is required" + from);
        }
        return x.value.trim();
    }

    private static String instanceId(Map<Setting, Sourced> v) {
        String id = optional(v, Setting.INSTANCE_ID);
        if (id != null && !id.matches("[A-Za-z0-9_-]{1,64}")) {
            throw error(v, Setting.INSTANCE_ID, "'" + id + "' must be 1-64 letters, digits, '-' or '_'");
        }
        return id != null ? id : hostInstanceId();
    }

    /**
     * Without a configured id each process is named after its host: stable across restarts (so durable
     * event consumers and task ownership carry over) and distinct between hosts or containers.
     */
    static String hostInstanceId() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                return null;
            }
        }
        String id = host.replaceAll("[^A-Za-z0-9_-]", "-");
        return id.isEmpty() ? null : id.substring(0, Math.min(64, id.length()));
    }

    private static boolean bool(Map<Setting, Sourced> v, Setting s) {
        String text = required(v, s).toLowerCase(java.util.Locale.ROOT);
        return switch (text) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw error(v, s, "'" + text + "' must be true or false");
        };
    }

    private static String optional(Map<Setting, Sourced> v, Setting s) {
        Sourced x = v.get(s);
        return x == null || x.value.isBlank() ? null : x.value.trim();
    }

    private static String host(Map<Setting, Sourced> v, Setting s) {
        String h = required(v, s);
        if (!h.matches("[A-Za-z0-9.:\\-\\[\\]%]+")) {
            throw error(v, s, "'" + h + "' is not a host name or address");
        }
        return h;
    }

    private static int port(Map<Setting, Sourced> v, Setting s) {
        String text = required(v, s);
        int port;
        try {
            port = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw error(v, s, "'" + text + "' is not a port number (0-65535)");
        }
        if (port < 0 || port > 65535) {
            throw error(v, s, "'" + text + "' is not a port number (0-65535)");
        }
        return port;
    }

    private static String url(Map<Setting, Sourced> v, Setting s, Set<String> schemes) {
        Sourced x = v.get(s);
        if (x == null || x.value.isBlank()) {
            return null;
        }
        String text = x.value.trim();
        checkUrl(v, s, text, schemes);
        return text;
    }

    private static String natsUrl(Map<Setting, Sourced> v) {
        Sourced x = v.get(Setting.NATS_URL);
        if (x == null || x.value.isBlank()) {
            return null;
        }
        String text = x.value.trim();
        for (String one : text.split(",")) {
            checkUrl(v, Setting.NATS_URL, one.trim(), Set.of("nats", "tls", "ws", "wss"));
        }
        return text;
    }

    private static void checkUrl(Map<Setting, Sourced> v, Setting s, String text, Set<String> schemes) {
        URI uri;
        try {
            uri = URI.create(text);
        } catch (IllegalArgumentException e) {
            throw error(v, s, "'" + text + "' is not a URL");
        }
        String scheme = uri.getScheme();
        if (scheme == null || !schemes.contains(scheme.toLowerCase())) {
            throw error(v, s, "'" + text + "' must start with one of " + String.join("://, ", schemes.stream().sorted().toList()) + "://");
        }
        // mongodb URIs may list several hosts, which java.net.URI does not parse as one authority.
        if (uri.getHost() == null && uri.getRawAuthority() == null) {
            throw error(v, s, "'" + text + "' names no host");
        }
    }

    private static ConfigException error(Map<Setting, Sourced> v, Setting s, String message) {
        Sourced x = v.get(s);
        String from = x == null ? "" : " (from " + x.source + ")";
        return new ConfigException(s.key(), message + from);
    }

    private record Sourced(String value, String source) {}

    public static final class Builder {
        private final Map<Setting, String> flags = new EnumMap<>(Setting.class);
        private Map<String, String> env = Map.of();
        private Path configFile;

        public Builder flag(Setting setting, String value) {
            if (value != null) {
                flags.put(setting, value);
            }
            return this;
        }

        public Builder env(Map<String, String> env) {
            this.env = new HashMap<>(env);
            return this;
        }

        public Builder configFile(Path file) {
            this.configFile = file;
            return this;
        }

        public ConfigLoader build() {
            return new ConfigLoader(this);
        }

        public CoralConfig load() {
            return build().load();
        }
    }
}
