package io.coral.bus;

public interface Subscription extends AutoCloseable {
    /** Stops delivery. For durable subscriptions the consumer (and its position) is kept. */
    @Override
    void close();
}
