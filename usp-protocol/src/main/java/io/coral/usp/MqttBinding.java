package io.coral.usp;

import java.util.Optional;

/**
 * TR-369 MQTT binding details shared by controller and agents: content types (R-MQTT.27/27a), the
 * {@code usp-endpoint-id} user property (R-MQTT.13) and MQTT 3.1.1's {@code /reply-to=} topic suffix
 * (R-MQTT.24/25).
 */
public final class MqttBinding {
    public static final String CONTENT_TYPE = "usp.msg";
    public static final String CONTENT_TYPE_LEGACY = "application/vnd.bbf.usp.msg";
    public static final String ENDPOINT_ID_PROPERTY = "usp-endpoint-id";
    public static final String SUBSCRIBE_TOPIC_PROPERTY = "subscribe-topic";
    public static final String REPLY_TO_MARKER = "/reply-to=";

    private MqttBinding() {}

    /** Receivers accept both content types; a missing one is tolerated (3.1.1 has no content type). */
    public static boolean acceptsContentType(String contentType) {
        return contentType == null || contentType.isEmpty()
                || CONTENT_TYPE.equals(contentType) || CONTENT_TYPE_LEGACY.equals(contentType);
    }

    /** {@code topic + "/reply-to=" + replyTo} with every '/' of the reply-to topic as %2F. */
    public static String withReplyTo(String topic, String replyTo) {
        return topic + REPLY_TO_MARKER + encodeReplyTo(replyTo);
    }

    public static String encodeReplyTo(String replyTo) {
        return replyTo.replace("/", "%2F");
    }

    public static String decodeReplyTo(String encoded) {
        return encoded.replace("%2F", "/").replace("%2f", "/");
    }

    /** The reply-to topic carried in a 3.1.1 topic name: the part after the LAST marker, decoded. */
    public static Optional<String> replyTo(String topicName) {
        if (topicName == null) {
            return Optional.empty();
        }
        int i = topicName.lastIndexOf(REPLY_TO_MARKER);
        if (i < 0) {
            return Optional.empty();
        }
        String encoded = topicName.substring(i + REPLY_TO_MARKER.length());
        return encoded.isEmpty() ? Optional.empty() : Optional.of(decodeReplyTo(encoded));
    }

    /** The topic name without its reply-to suffix. */
    public static String baseTopic(String topicName) {
        int i = topicName.lastIndexOf(REPLY_TO_MARKER);
        return i < 0 ? topicName : topicName.substring(0, i);
    }

    /** The topic filter a 3.1.1 endpoint subscribes to so that publishes with a reply-to suffix reach it. */
    public static String v311Filter(String topic) {
        return topic + "/#";
    }

    /**
     * A topic one may PUBLISH to: non-empty, no wildcards, no control characters, at most 65535 UTF-8 bytes. A reply
     * topic taken from a peer is checked before use: a broker disconnects a client publishing to a bad one.
     */
    public static boolean isValidTopicName(String topic) {
        if (topic == null || topic.isEmpty() || topic.length() > 65535) {
            return false;
        }
        for (int i = 0; i < topic.length(); i++) {
            char c = topic.charAt(i);
            // Control characters are allowed by MQTT 3.1.1 but Paho's MQTT 5 encoder refuses them and
            // drops the whole connection, so no peer-supplied topic may carry one.
            if (c == '+' || c == '#' || c <= 0x1F || (c >= 0x7F && c <= 0x9F) || c == 0xFFFE || c == 0xFFFF
                    || Character.isSurrogate(c) && !validSurrogate(topic, i)) {
                return false;
            }
        }
        return topic.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 65535 && !topic.startsWith("$");
    }

    private static boolean validSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    /** MQTT 5 shared subscription filter {@code $share/<group>/<topic>}. */
    public static String sharedFilter(String group, String topicFilter) {
        return "$share/" + group + "/" + topicFilter;
    }
}
