package io.coral.bus.nats;

import io.coral.bus.BusListener;
import io.coral.bus.EventHandler;
import io.coral.bus.Subscription;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import io.nats.client.api.ConsumerConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subscriber of a durable pull consumer: a loop on a virtual thread that pulls batches (each pull
 * expires after {@code pullExpiry}) and hands every event to the handler on its own virtual thread.
 * Pulling instead of a push subscription makes sharing a durable between instances, surviving a
 * server restart (the next pull simply goes to the new server) and closing cleanly (the last pull is
 * drained and anything arriving after close is nak'ed for the other subscribers) straightforward.
 *
 * <p>Every pull of one subscriber answers to the same inbox, subscribed once for the subscriber's whole life.
 * A pull's expiry runs on two clocks: the client stops waiting {@code pullExpiry} after it sent the pull, the
 * server stops delivering {@code pullExpiry} after it received it, i.e. later. An event stored in between is
 * delivered to that pull; with an inbox per pull (jnats' {@code FetchConsumer}, unsubscribed the moment its
 * own timer ends) it would be dropped on arrival and the server would redeliver it only after the ack wait (30 s for
 * the script engine). With the inbox kept, it is simply read by the next pull.
 */
final class NatsEventSubscription implements Subscription {
    private static final Logger log = LoggerFactory.getLogger(NatsEventSubscription.class);
    /** What a closing subscriber waits for events a pull of its own may still bring (then nak'ed). */
    private static final Duration CLOSE_DRAIN = Duration.ofMillis(50);

    private final NatsBus bus;
    private final ConsumerConfiguration config;
    private final EventHandler handler;
    private final Consumer<NatsEventSubscription> onClose;
    private final Semaphore inFlight;
    private final String durable;
    private volatile boolean active = true;
    private Thread loop;

    NatsEventSubscription(NatsBus bus, ConsumerConfiguration config, EventHandler handler,
            Consumer<NatsEventSubscription> onClose) {
        this.bus = bus;
        this.config = config;
        this.handler = handler;
        this.onClose = onClose;
        this.durable = config.getDurable();
        this.inFlight = new Semaphore(bus.config().maxAckPending());
    }

    void start() {
        loop = Thread.ofVirtual().name("nats-events-" + durable).start(this::pullLoop);
    }

    private void pullLoop() {
        NatsBus.Config cfg = bus.config();
        JetStreamSubscription sub = null;
        long failures = 0;
        try {
            while (active) {
                try {
                    if (sub == null) {
                        // binding looks the consumer up: a lost consumer or stream fails here and is recreated below
                        sub = bus.nc().jetStream().subscribe(null, PullSubscribeOptions.bind(cfg.streamName(), durable));
                    }
                    long started = System.nanoTime();
                    int received = 0;
                    // one pull: events already buffered in the inbox (late answers to an earlier pull) come first
                    Iterator<Message> batch = sub.iterate(cfg.fetchBatch(), cfg.pullExpiry());
                    while (batch.hasNext()) {
                        Message m = batch.next();
                        received++;
                        if (m.isJetStream()) {
                            deliver(m);
                        }
                    }
                    if (Thread.currentThread().isInterrupted()) {
                        return;
                    }
                    if (received == 0 && System.nanoTime() - started < cfg.pullExpiry().toNanos() / 2) {
                        // the pull ended at once without an event (no one answered it): is the consumer still there?
                        sub.getConsumerInfo();
                        backoff(++failures);
                    } else {
                        failures = 0;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (Exception e) {
                    if (!active) {
                        return;
                    }
                    failures++;
                    unsubscribe(sub);
                    sub = null;
                    log.warn("durable {}: pull failed ({}); retrying", durable, e.toString());
                    recover(e);
                    backoff(failures);
                }
            }
        } finally {
            drainAndUnsubscribe(sub);
        }
    }

    /** Closing: events an unexpired pull still brings go back to the other subscribers at once. */
    private void drainAndUnsubscribe(JetStreamSubscription sub) {
        if (sub == null) {
            return;
        }
        try {
            if (!Thread.currentThread().isInterrupted()) {
                for (Message m = sub.nextMessage(CLOSE_DRAIN); m != null; m = sub.nextMessage(CLOSE_DRAIN)) {
                    if (m.isJetStream()) {
                        m.nak();
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.debug("durable {}: draining on close: {}", durable, e.toString());
        }
        unsubscribe(sub);
    }

    private void unsubscribe(JetStreamSubscription sub) {
        if (sub == null) {
            return;
        }
        try {
            if (sub.isActive()) {
                sub.unsubscribe();
            }
        } catch (RuntimeException e) {
            log.debug("durable {}: unsubscribing: {}", durable, e.toString());
        }
    }

    private void deliver(Message m) throws InterruptedException {
        if (!active) {
            m.nak(); // pulled after close: hand it straight to the other subscribers
            return;
        }
        inFlight.acquire();
        NatsEvent event = new NatsEvent(m);
        bus.run(() -> {
            long n = event.deliveryCount();
            BusListener listener = bus.config().listener();
            BusListener.safely(listener, l -> l.onEventDelivered(durable, m.getSubject(), n));
            try {
                handler.onEvent(event);
            } catch (Exception e) {
                BusListener.safely(listener, l -> l.onHandlerError(m.getSubject(), e));
                Duration delay = Duration.ofMillis(Math.min(100L << Math.min(n - 1, 10), config.getAckWait().toMillis()));
                log.warn("durable {}: handler failed on {} (delivery {}), redelivering in {} ms: {}",
                        durable, m.getSubject(), n, delay.toMillis(), e.toString());
                event.nakWithDelay(delay);
            } finally {
                inFlight.release();
            }
        });
    }

    /** The server may have lost the stream or consumer (restarted without its store): recreate them. */
    private void recover(Exception e) {
        if (bus.closed()) {
            return;
        }
        boolean missing = e instanceof JetStreamApiException api
                && (api.getApiErrorCode() == NatsBus.CONSUMER_NOT_FOUND || api.getApiErrorCode() == NatsBus.STREAM_NOT_FOUND);
        String text = String.valueOf(e.getMessage()).toLowerCase();
        if (missing || text.contains("not found") || text.contains("deleted")) {
            try {
                bus.ensureConsumer(config);
                log.info("durable {}: consumer recreated", durable);
            } catch (Exception again) {
                log.debug("durable {}: cannot recreate consumer yet: {}", durable, again.toString());
            }
        }
    }

    private void backoff(long failures) {
        long ms = Math.min(50L << Math.min(failures, 10), 2_000);
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            active = false;
        }
    }

    /** Stops pulling; waits for the pull in progress to end so no event is left with a dead subscriber. */
    @Override
    public void close() {
        stop();
        awaitStopped();
    }

    /** Asks the loop to end after its current pull. */
    void stop() {
        if (active) {
            active = false;
            onClose.accept(this);
        }
    }

    void awaitStopped() {
        Thread t = loop;
        if (t != null && t != Thread.currentThread()) {
            try {
                if (!t.join(bus.config().pullExpiry().plusSeconds(2))) {
                    t.interrupt();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
