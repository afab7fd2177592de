package io.coral.controller.mqtt;

import java.time.Duration;
import javax.net.ssl.SSLSocketFactory;

/**
 * Connection settings shared by both MQTT versions. {@code subscription} is the filter to subscribe
 * (possibly {@code $share/<group>/…}); {@code replyTopic} is the controller topic agents answer to.
 */
public record MqttSettings(
        String serverUri,
        String clientId,
        String username,
        char[] password,
        SSLSocketFactory tls,
        String endpointId,
        String subscription,
        String replyTopic,
        int maxInflight,
        int keepAliveSec,
        Duration minReconnectDelay,
        Duration maxReconnectDelay) {}
