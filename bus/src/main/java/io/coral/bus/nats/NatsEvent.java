package io.coral.bus.nats;

import io.coral.bus.Event;
import io.nats.client.Message;
import java.time.Duration;

/** A JetStream delivery; ack/nak go to the server. */
final class NatsEvent implements Event {
    private final Message msg;
    private final byte[] data;

    NatsEvent(Message msg) {
        this.msg = msg;
        this.data = NatsBus.data(msg);
    }

    @Override
    public String subject() {
        return msg.getSubject();
    }

    @Override
    public byte[] data() {
        return data;
    }

    @Override
    public long deliveryCount() {
        return msg.metaData().deliveredCount();
    }

    @Override
    public void ack() {
        msg.ack();
    }

    @Override
    public void nak() {
        msg.nak();
    }

    void nakWithDelay(Duration delay) {
        msg.nakWithDelay(delay);
    }

    @Override
    public String toString() {
        return "Event[" + subject() + " delivery " + deliveryCount() + "]";
    }
}
