package io.coral.bus.nats;

import io.coral.bus.BusListener;
import io.coral.bus.EventHandler;
import io.coral.bus.Subscription;
import io.nats.client.ConsumerContext;
import io.nats.client.FetchConsumeOptions;
import io.nats.client.FetchConsumer;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import java.time.Duration;
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
 */
final class NatsEventSubscription implements Subscription {
    private static final Logger log = LoggerFactory.getLogger(NatsEventSubscription.class);

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
        FetchConsumeOptions pull = FetchConsumeOptions.builder()
                .maxMessages(cfg.fetchBatch())
                .expiresIn(cfg.pullExpiry().toMillis())
                .build();
        ConsumerContext consumer = null;
        long failures = 0;
        while (active) {
            try {
                if (consumer == null) {
                    consumer = bus.nc().getConsumerContext(cfg.streamName(), durable);
                }
                try (FetchConsumer batch = consumer.fetch(pull)) {
                    for (Message m = batch.nextMessage(); m != null; m = batch.nextMessage()) {
                        if (m.isJetStream()) {
                            deliver(m);
                        }
                    }
                }
                failures = 0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                if (!active) {
                    return;
                }
                failures++;
                consumer = null;
                log.warn("durable {}: pull failed ({}); retrying", durable, e.toString());
                recover(e);
                backoff(failures);
            }
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
