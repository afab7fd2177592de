package io.coral.controller.agent;

import java.time.Instant;

/**
 * The per-agent state machine, as an immutable value: what the controller knows about one agent's
 * presence and where to reach it. Each input returns the next value; the caller compares states to
 * see transitions. No I/O here.
 *
 * @param replyTopic   the agent's topic: from its MQTTConnectRecord, or the reply-to of its last publish
 * @param mqttVersion  "5" or "3.1.1", the MTP the agent spoke last
 * @param recordVersion the USP Record version the agent speaks (answers mirror it)
 */
public record AgentSession(String endpointId, AgentState state, String replyTopic, String mqttVersion,
                           String recordVersion, Instant lastSeen) {

    public static AgentSession unknown(String endpointId) {
        return new AgentSession(endpointId, AgentState.UNKNOWN, null, null, null, null);
    }

    /** Restored from the store after a controller restart: status to be confirmed by a probe. */
    public static AgentSession restored(String endpointId, String replyTopic, String mqttVersion, Instant lastSeen) {
        return new AgentSession(endpointId, AgentState.UNKNOWN, replyTopic, mqttVersion, null, lastSeen);
    }

    /** MQTTConnectRecord: online, and its subscribed topic is where it listens. */
    public AgentSession connected(String subscribedTopic, String mqtt, String version, Instant now) {
        return new AgentSession(endpointId, AgentState.ONLINE, orElse(subscribedTopic, replyTopic), orElse(mqtt, mqttVersion),
                orElse(version, recordVersion), now);
    }

    /** Any other record from the agent proves it is there; a reply-to given with it updates the topic. */
    public AgentSession seen(String replyTo, String mqtt, String version, Instant now) {
        return new AgentSession(endpointId, AgentState.ONLINE, orElse(replyTo, replyTopic), orElse(mqtt, mqttVersion),
                orElse(version, recordVersion), now);
    }

    /** DisconnectRecord, or a liveness probe that went unanswered. */
    public AgentSession offline() {
        return new AgentSession(endpointId, AgentState.OFFLINE, replyTopic, mqttVersion, recordVersion, lastSeen);
    }

    public boolean reachable() {
        return replyTopic != null && state != AgentState.OFFLINE;
    }

    private static String orElse(String a, String b) {
        return a == null || a.isEmpty() ? b : a;
    }
}
