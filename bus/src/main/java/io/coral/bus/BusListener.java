package io.coral.bus;

import java.util.concurrent.CompletionException;

/**
 * Observes a bus for metrics (the platform exposes these). Called on bus threads: keep it cheap and
 * never block.
 */
public interface BusListener {

    BusListener NONE = new BusListener() {};

    enum Outcome {
        OK, TIMEOUT, NO_RESPONDER, ERROR;

        public static Outcome of(Throwable error) {
            Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (e == null) {
                return OK;
            }
            if (e instanceof RequestTimeoutException) {
                return TIMEOUT;
            }
            if (e instanceof NoResponderException) {
                return NO_RESPONDER;
            }
            return ERROR;
        }
    }

    /** A request finished after {@code nanos} with {@code outcome}. */
    default void onRequest(String subject, long nanos, Outcome outcome) {}

    /** The connection to the broker was lost ({@code false}) or is back ({@code true}). */
    default void onConnection(boolean connected) {}

    /** An event is handed to a subscriber of {@code durable}; {@code deliveryCount} > 1 means a redelivery. */
    default void onEventDelivered(String durable, String subject, long deliveryCount) {}

    /**
     * The client could not hand messages to a subscription fast enough and the broker connection's pending
     * limit was hit: {@code dropped} messages lost so far (NATS only).
     */
    default void onSlowConsumer(long pendingMessages, long dropped) {}

    /** A message or event handler threw (the message is dropped, the event redelivered). */
    default void onHandlerError(String subject, Throwable error) {}

    /** Calls {@code call} on {@code listener}, never letting a faulty listener disturb the bus. */
    static void safely(BusListener listener, java.util.function.Consumer<BusListener> call) {
        try {
            call.accept(listener);
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(BusListener.class).warn("bus listener failed: {}", e.toString());
        }
    }
}
