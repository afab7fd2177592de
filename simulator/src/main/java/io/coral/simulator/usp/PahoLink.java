package io.coral.simulator.usp;

import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What both MQTT versions' links share: the subscribed topic, the QoS, and leaving the broker.
 * {@code C} is the version's Paho client; Paho's v3 and v5 clients share no type, so the calls made on it
 * here come in as functions from the subclass.
 */
abstract class PahoLink<C> implements MqttLink {
    private static final Logger log = LoggerFactory.getLogger(PahoLink.class);
    static final long TIMEOUT_MS = 10_000;

    /** One call on a Paho client that may throw that version's MqttException. */
    @FunctionalInterface
    interface ClientCall<C> {
        void on(C client) throws Exception;
    }

    protected final C client;
    protected final String topic;
    protected final int qos;
    private final Predicate<C> connected;
    private final ClientCall<C> disconnect;
    private final ClientCall<C> release;

    /**
     * @param connected  whether the client is connected
     * @param disconnect a DISCONNECT, waiting for it
     * @param release    frees the client's resources for good
     */
    PahoLink(C client, String topic, int qos, Predicate<C> connected, ClientCall<C> disconnect, ClientCall<C> release) {
        this.client = client;
        this.topic = topic;
        this.qos = qos;
        this.connected = connected;
        this.disconnect = disconnect;
        this.release = release;
    }

    /** After a refused SUBSCRIBE: leaves the broker and says why. */
    protected IllegalStateException refused() throws Exception {
        disconnect.on(client);
        return new IllegalStateException("subscription to " + topic + " refused by the broker");
    }

    @Override
    public String subscribedTopic() {
        return topic;
    }

    @Override
    public void disconnect() {
        try {
            if (connected.test(client)) {
                disconnect.on(client);
            }
        } catch (Exception e) {
            log.debug("disconnect: {}", e.toString());
        } finally {
            try {
                release.on(client);
            } catch (Exception e) {
                log.debug("close: {}", e.toString());
            }
        }
    }
}
