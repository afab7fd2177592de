package io.coral.controller.mqtt;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Predicate;
import javax.net.SocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connection lifecycle common to both MQTT versions: connect, subscribe, reconnect with exponential
 * backoff (and resubscribe, the sessions are clean), and a window of in-flight QoS 1 publishes that
 * makes senders wait instead of failing when the client's queue is full.
 *
 * <p>{@code C} is the version's Paho client. Paho's v3 and v5 clients share no type, so the few
 * calls made on a client here come in as functions from the subclass.
 */
abstract class AbstractMqttTransport<C> implements MqttTransport {
    private static final Logger log = LoggerFactory.getLogger(AbstractMqttTransport.class);
    private static final long WINDOW_WAIT_MS = 10_000;

    protected final MqttSettings settings;
    private final ScheduledExecutorService scheduler;
    private final AtomicBoolean reconnectScheduled = new AtomicBoolean();
    protected volatile Consumer<InboundPublish> inbound = p -> { };
    private volatile boolean closed;
    private volatile Semaphore window = new Semaphore(0);
    private volatile long nextDelayMs;
    private volatile C client;
    private final Predicate<C> connected;
    private final ClientCall<C> disconnect;
    private final ClientCall<C> release;

    /** One call on a Paho client that may throw that version's MqttException. */
    @FunctionalInterface
    interface ClientCall<C> {
        void on(C client) throws Exception;
    }

    /**
     * @param connected  whether a client is connected
     * @param disconnect a polite DISCONNECT, waiting a little for it
     * @param release    frees the client's threads and sockets for good
     */
    AbstractMqttTransport(MqttSettings settings, Predicate<C> connected, ClientCall<C> disconnect,
                          ClientCall<C> release) {
        this.settings = settings;
        this.connected = connected;
        this.disconnect = disconnect;
        this.release = release;
        this.nextDelayMs = settings.minReconnectDelay().toMillis();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "usp-mqtt-reconnect");
            t.setDaemon(true);
            return t;
        });
    }

    protected SocketFactory socketFactory() {
        return settings.tls() != null ? new NoDelaySslSocketFactory(settings.tls()) : new NoDelaySocketFactory();
    }

    /** Connects and subscribes, waiting at most {@code wait}; returns the outgoing window size or throws. */
    protected abstract int connectAndSubscribe(Duration wait) throws Exception;

    /** Hands one QoS 1 publish to the client; {@code done} runs once the broker acknowledged or it failed. */
    protected abstract void send(String agentTopic, byte[] record, Runnable done) throws Exception;

    /** The current client, null while disconnected. */
    protected C client() {
        return client;
    }

    /** Makes {@code c} the current client; the previous one, if any, must have been dropped first. */
    protected void use(C c) {
        client = c;
    }

    @Override
    public boolean isConnected() {
        C c = client;
        return c != null && connected.test(c);
    }

    /** Drops the current client: DISCONNECT if still connected, then close; errors are only logged. */
    protected void disconnectQuietly() {
        C c = client;
        client = null;
        if (c == null) {
            return;
        }
        try {
            if (connected.test(c)) {
                disconnect.on(c);
            }
        } catch (Exception e) {
            log.debug("disconnect: {}", e.toString());
        }
        try {
            release.on(c);
        } catch (Exception e) {
            log.debug("close: {}", e.toString());
        }
    }

    /** Called by a client's callback when its connection drops; ignored unless it is still the current client. */
    protected void connectionLost(C owner, Throwable cause) {
        if (owner == client) {
            connectionLost(cause);
        }
    }

    /** True for Paho's "too many publishes in progress" (32202), same code in both clients. */
    protected boolean isWindowFull(Exception e) {
        return e instanceof org.eclipse.paho.mqttv5.common.MqttException m5 && m5.getReasonCode() == 32202
                || e instanceof org.eclipse.paho.client.mqttv3.MqttException m3 && m3.getReasonCode() == 32202;
    }

    @Override
    public void start(Consumer<InboundPublish> handler, Duration wait) {
        this.inbound = handler;
        if (!attempt(wait)) {
            scheduleReconnect();
        }
    }

    private boolean attempt(Duration wait) {
        if (closed) {
            return true;
        }
        try {
            int size = connectAndSubscribe(wait);
            window = new Semaphore(Math.max(1, size));
            nextDelayMs = settings.minReconnectDelay().toMillis();
            log.info("MQTT {} connected to {} as {}, subscribed to {}", version(), settings.serverUri(),
                    settings.clientId(), settings.subscription());
            return true;
        } catch (Exception e) {
            log.warn("MQTT {} connect to {} failed: {}", version(), settings.serverUri(), e.toString());
            disconnectQuietly();
            return false;
        }
    }

    private void connectionLost(Throwable cause) {
        if (closed) {
            return;
        }
        log.warn("MQTT {} connection to {} lost: {}", version(), settings.serverUri(), String.valueOf(cause));
        scheduleReconnect();
    }

    private void scheduleReconnect() {
        if (closed || !reconnectScheduled.compareAndSet(false, true)) {
            return;
        }
        long delay = nextDelayMs + ThreadLocalRandom.current().nextLong(Math.max(1, nextDelayMs / 4));
        nextDelayMs = Math.min(settings.maxReconnectDelay().toMillis(), Math.max(1, nextDelayMs * 2));
        try {
            scheduler.schedule(() -> {
                reconnectScheduled.set(false);
                if (!closed && !isConnected() && !attempt(Duration.ofSeconds(10))) {
                    scheduleReconnect();
                }
            }, delay, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            reconnectScheduled.set(false);
        }
    }

    @Override
    public void publish(String agentTopic, byte[] record) throws MqttSendException {
        if (!io.coral.usp.MqttBinding.isValidTopicName(agentTopic)) {
            throw new MqttSendException("not a topic one can publish to: '" + agentTopic + "'", null);
        }
        if (!isConnected()) {
            throw new MqttSendException("MQTT client not connected to " + settings.serverUri(), null);
        }
        Semaphore w = window;
        try {
            if (!w.tryAcquire(WINDOW_WAIT_MS, TimeUnit.MILLISECONDS)) {
                throw new MqttSendException("MQTT in-flight window full for " + WINDOW_WAIT_MS + " ms", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MqttSendException("interrupted", e);
        }
        AtomicBoolean released = new AtomicBoolean();
        Runnable done = () -> {
            if (released.compareAndSet(false, true)) {
                w.release();
            }
        };
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WINDOW_WAIT_MS);
        while (true) {
            try {
                send(agentTopic, record, done);
                return;
            } catch (Exception e) {
                // The client's own in-flight limit (e.g. a smaller Receive Maximum than we sized for): wait a little.
                if (isWindowFull(e) && System.nanoTime() < deadline && isConnected()) {
                    java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
                    continue;
                }
                done.run();
                throw new MqttSendException("MQTT publish to " + agentTopic + " failed: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        scheduler.shutdownNow();
        disconnectQuietly();
    }

    protected boolean closed() {
        return closed;
    }
}
