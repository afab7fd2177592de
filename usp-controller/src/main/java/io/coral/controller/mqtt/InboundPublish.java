package io.coral.controller.mqtt;

/**
 * One PUBLISH received on the controller topic. {@code replyTo} is where an answer goes: the MQTT 5
 * Response Topic or the 3.1.1 {@code /reply-to=} suffix, decoded; null when the publish named none.
 * {@code contentType} and {@code endpointId} (the {@code usp-endpoint-id} user property) are MQTT 5 only.
 */
public record InboundPublish(String topic, byte[] payload, String replyTo, String contentType, String endpointId) {}
