package io.coral.bus;

/** A durable event as delivered to a subscriber. */
public interface Event {
    String subject();

    byte[] data();

    /** 1 on first delivery, higher on redelivery. */
    long deliveryCount();

    void ack();

    /** Ask for redelivery now. */
    void nak();

    default <T> T decode(Class<T> type) {
        return Json.decode(data(), type);
    }
}
