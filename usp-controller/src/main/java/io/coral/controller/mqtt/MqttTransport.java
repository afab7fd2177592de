package io.coral.controller.mqtt;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * The controller's MQTT MTP: one client connection that receives on the controller topic and
 * publishes USP Records to agents. Implementations reconnect with backoff and resubscribe by themselves.
 */
public interface MqttTransport extends AutoCloseable {

    /** Connects (waiting up to {@code wait}); keeps retrying in the background if that fails. */
    void start(Consumer<InboundPublish> inbound, Duration wait);

    /**
     * Publishes a Record to an agent's topic, QoS 1, with our reply-to. Blocks while the in-flight
     * window is full (call from a virtual thread). Throws {@link MqttSendException} when not connected.
     */
    void publish(String agentTopic, byte[] record) throws MqttSendException;

    boolean isConnected();

    /** "5" or "3.1.1". */
    String version();

    @Override
    void close();
}
