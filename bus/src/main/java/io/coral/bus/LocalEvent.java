package io.coral.bus;

/** An event delivery of {@link LocalBus}; ack and nak go back to the durable that delivered it. */
final class LocalEvent implements Event {
    private final String subject;
    private final byte[] data;
    private final int deliveryCount;
    private final long seq;
    private final LocalDurable durable;

    LocalEvent(String subject, byte[] data, int deliveryCount, long seq, LocalDurable durable) {
        this.subject = subject;
        this.data = data;
        this.deliveryCount = deliveryCount;
        this.seq = seq;
        this.durable = durable;
    }

    @Override
    public String subject() {
        return subject;
    }

    @Override
    public byte[] data() {
        return data;
    }

    @Override
    public long deliveryCount() {
        return deliveryCount;
    }

    @Override
    public void ack() {
        durable.ack(seq);
    }

    @Override
    public void nak() {
        durable.nak(seq, deliveryCount, java.time.Duration.ZERO);
    }

    @Override
    public String toString() {
        return "Event[" + subject + " #" + seq + " delivery " + deliveryCount + "]";
    }
}
