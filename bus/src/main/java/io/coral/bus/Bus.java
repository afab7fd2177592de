package io.coral.bus;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The messaging port every Coral service talks through. Commands are request/reply with queue
 * groups (any instance may answer); events are durable and at-least-once.
 *
 * <p>Implementations: {@code LocalBus} (in-JVM) and {@code NatsBus} (core NATS + JetStream).
 */
public interface Bus extends AutoCloseable {

    /** Fire-and-forget publish (core, not durable). */
    void publish(String subject, byte[] data);

    /**
     * Subscribe to a subject (wildcards {@code *} and {@code >} allowed). With a non-null
     * {@code queueGroup}, each message goes to exactly one member of the group.
     */
    Subscription subscribe(String subject, String queueGroup, MessageHandler handler);

    /**
     * Request/reply. The future fails with {@link RequestTimeoutException} when no reply comes in
     * time and with {@link NoResponderException} when nobody listens on the subject.
     */
    CompletableFuture<Message> request(String subject, byte[] data, Duration timeout);

    /** Answers a request received by a subscription handler. */
    default void reply(Message request, byte[] data) {
        if (request.replyTo() == null) {
            throw new IllegalArgumentException("message on " + request.subject() + " has no reply subject");
        }
        publish(request.replyTo(), data);
    }

    /**
     * Durable publish to the event stream ({@code <prefix>.events.>}); completes once the event is
     * stored.
     */
    CompletableFuture<Void> publishEvent(String subject, byte[] data);

    /**
     * Durable subscription to events matching {@code filterSubject}. Every instance using the same
     * {@code durableName} shares one consumer: each event goes to one of them. Events not acked
     * within {@code ackWait} are redelivered; events published while no instance is subscribed are
     * delivered when one comes back.
     */
    Subscription subscribeEvents(String durableName, String filterSubject, Duration ackWait, EventHandler handler);

    /** The subject naming scheme of this bus (its prefix). */
    Subjects subjects();

    @Override
    void close();

    // ---- typed helpers: every payload is a JSON record from this module ----

    default void publish(String subject, Object payload) {
        publish(subject, Json.encode(payload));
    }

    default CompletableFuture<Void> publishEvent(String subject, Object payload) {
        return publishEvent(subject, Json.encode(payload));
    }

    default <R> CompletableFuture<R> request(String subject, Object payload, Class<R> replyType, Duration timeout) {
        return request(subject, Json.encode(payload), timeout).thenApply(m -> Json.decode(m.data(), replyType));
    }

    default void reply(Message request, Object payload) {
        reply(request, Json.encode(payload));
    }
}
