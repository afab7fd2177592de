package io.coral.simulator.usp;

/** One agent's MQTT connection, MQTT 5 or 3.1.1. */
interface MqttLink {

    /** Receives what the broker delivers. */
    interface Listener {
        /** @param replyTo the topic to answer on (MQTT 5 Response Topic, 3.1.1 "/reply-to=" suffix), or null */
        void message(String topic, byte[] payload, String replyTo);

        void connectionLost(Throwable cause);
    }

    /** Connects and subscribes to the agent's own topic; blocks until SUBACK or failure. */
    void connect(Listener listener) throws Exception;

    /** Publishes a USP record with the agent's reply-to topic. */
    void publish(String topic, byte[] payload) throws Exception;

    /** The MQTTConnectRecord version: 1 for MQTT 5, 0 for 3.1.1. */
    int recordVersion();

    /** The exact topic the agent receives on. */
    String subscribedTopic();

    void disconnect();
}
