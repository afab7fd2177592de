package io.coral.controller;

import java.time.Duration;
import javax.net.ssl.SSLSocketFactory;

/** Every setting of a {@link UspController}, defaults filled by its builder. */
public record ControllerConfig(
        String mqttUrl,
        String username,
        char[] password,
        SSLSocketFactory tls,
        String endpointId,
        String controllerTopic,
        MqttVersion mqttVersion,
        String sharedGroup,
        String clientId,
        String instanceId,
        String queueGroup,
        Duration requestTimeout,
        Duration livenessInterval,
        LivenessProbe livenessProbe,
        boolean bootSubscription,
        String bootSubscriptionId,
        int maxInflight,
        int keepAliveSec,
        Duration connectWait,
        Duration minReconnectDelay,
        Duration maxReconnectDelay,
        Duration touchFlushInterval) {

    /** The topic filter the controller subscribes to. */
    public String subscription() {
        String filter = mqttVersion == MqttVersion.V3_1_1 ? controllerTopic + "/#" : controllerTopic;
        return sharedGroup == null ? filter : "$share/" + sharedGroup + "/" + filter;
    }
}
