package io.coral.bus;

@FunctionalInterface
public interface EventHandler {
    /**
     * Called for each durable event. The handler must {@link Event#ack()} it once handled; a throw,
     * a {@link Event#nak()} or no ack within the ack wait leads to redelivery.
     */
    void onEvent(Event event) throws Exception;
}
