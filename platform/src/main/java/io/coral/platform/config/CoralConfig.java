package io.coral.platform.config;

import java.nio.file.Path;
import java.util.Set;

/**
 * The validated settings of one platform process. {@code mqttUrl}, {@code natsUrl} and {@code mongoUri}
 * are null when the embedded default is meant.
 */
public record CoralConfig(
        Path dataDir,
        String httpHost,
        int httpPort,
        String acsHost,
        int acsPort,
        String acsAuth,
        String acsUsername,
        String acsPassword,
        boolean acsProvisionCr,
        String mqttHost,
        int mqttPort,
        String mqttUrl,
        String natsUrl,
        String mongoUri,
        Set<Role> roles,
        String uspEndpointId,
        String uspTopic,
        String busPrefix,
        String instanceId) {

    public CoralConfig {
        roles = Set.copyOf(roles);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    /** Settings straight from the defaults. */
    public static CoralConfig defaults() {
        return ConfigLoader.builder().load();
    }
}
