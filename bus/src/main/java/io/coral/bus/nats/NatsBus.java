package io.coral.bus.nats;

import io.coral.bus.Bus;
import io.coral.bus.BusException;
import io.coral.bus.BusListener;
import io.coral.bus.EventHandler;
import io.coral.bus.Message;
import io.coral.bus.MessageHandler;
import io.coral.bus.NoResponderException;
import io.coral.bus.RequestTimeoutException;
import io.coral.bus.SubjectPattern;
import io.coral.bus.Subjects;
import io.coral.bus.Subscription;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Dispatcher;
import io.nats.client.ErrorListener;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamStatusException;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.PublishAck;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Bus} on NATS: core NATS for publish/subscribe and request/reply (queue groups, the
 * server's no-responders status), JetStream for events (one stream, durable pull consumers shared by
 * every instance with the same durable name). Reconnects forever with capped exponential backoff; core
 * subscriptions are restored by the client, event fetch loops simply pull again (and recreate the
 * stream or consumer if the server lost them).
 *
 * <p>Handlers and request continuations run on virtual threads, never on a client I/O thread.
 */
public final class NatsBus implements Bus {
    private static final Logger log = LoggerFactory.getLogger(NatsBus.class);
    /** JetStream API error codes (see the server's errors.json). */
    static final int STREAM_NOT_FOUND = 10059;
    static final int CONSUMER_NOT_FOUND = 10014;

    private final Config config;
    private final Subjects subjects;
    private final Connection nc;
    private final JetStreamManagement jsm;
    private final Dispatcher dispatcher;
    private final ExecutorService handlers;
    private final ExecutorService clientExecutor;
    private final Set<NatsEventSubscription> eventSubs = ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.atomic.AtomicBoolean connected = new java.util.concurrent.atomic.AtomicBoolean(true);
    private volatile boolean closed;

    private NatsBus(Config config) {
        this.config = config;
        this.subjects = new Subjects(config.prefix);
        this.handlers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("nats-bus-", 0).factory());
        Options.Builder ob = new Options.Builder();
        if (config.virtualThreadClient) {
            // the client's reader, writer and dispatchers on virtual threads: handing a message to a handler's
            // virtual thread then stays on the same carrier instead of waking another OS thread
            this.clientExecutor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("nats-client-", 0).factory());
            ob.executor(clientExecutor);
        } else {
            this.clientExecutor = null;
        }
        Options options = ob
                .server(config.url)
                .connectionName(config.connectionName)
                .maxReconnects(-1)
                .reconnectDelayHandler(this::reconnectDelay)
                .connectionTimeout(config.connectTimeout)
                .pingInterval(Duration.ofSeconds(10))
                // jnats enforces request timeouts in this sweep: fine-grained, so timeouts are exact to ~0.1 s
                .requestCleanupInterval(Duration.ofMillis(100))
                .reportNoResponders()
                .useTimeoutException()
                .connectionListener(this::onConnectionEvent)
                .errorListener(new LoggingErrorListener())
                .build();
        this.nc = connect(options);
        try {
            this.jsm = nc.jetStreamManagement();
            ensureStream();
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            closeQuietly();
            throw new BusException("cannot set up JetStream stream " + config.streamName + " on " + config.url
                    + " (is the server started with -js?): " + e.getMessage(), e);
        }
        this.dispatcher = nc.createDispatcher();
        dispatcher.setPendingLimits(config.pendingMessages, config.pendingBytes);
        log.info("NATS bus connected to {} (prefix {}, stream {})", nc.getConnectedUrl(), config.prefix, config.streamName);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Subjects subjects() {
        return subjects;
    }

    /** The stream holding this bus's events. */
    public String streamName() {
        return config.streamName;
    }

    /** The underlying connection, for diagnostics and management (do not close it). */
    public Connection connection() {
        return nc;
    }

    /** Waits until the server has processed everything this bus sent so far (subscriptions included). */
    public void flush(Duration timeout) {
        try {
            nc.flush(timeout);
        } catch (TimeoutException e) {
            throw new BusException("NATS flush timed out after " + timeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BusException("interrupted", e);
        }
    }

    /** Allowed while closing, so that handlers finishing within the close grace can still reply. */
    @Override
    public void publish(String subject, byte[] data) {
        SubjectPattern.requireLiteral(subject);
        try {
            nc.publish(subject, data);
        } catch (IllegalStateException e) {
            throw new BusException("cannot publish on " + subject + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Subscription subscribe(String subject, String queueGroup, MessageHandler handler) {
        checkOpen();
        SubjectPattern.of(subject);
        io.nats.client.MessageHandler onMessage = msg -> {
            Message m = new Message(msg.getSubject(), data(msg), msg.getReplyTo());
            run(() -> {
                try {
                    handler.onMessage(m);
                } catch (Exception e) {
                    log.warn("handler on {} failed for a message on {}: {}", subject, m.subject(), e.toString(), e);
                    BusListener.safely(config.listener, l -> l.onHandlerError(m.subject(), e));
                }
            });
        };
        io.nats.client.Subscription sub = queueGroup == null
                ? dispatcher.subscribe(subject, onMessage)
                : dispatcher.subscribe(subject, queueGroup, onMessage);
        return () -> {
            if (sub.isActive() && !closed) {
                dispatcher.unsubscribe(sub);
            }
        };
    }

    @Override
    public CompletableFuture<Message> request(String subject, byte[] data, Duration timeout) {
        checkOpen();
        SubjectPattern.requireLiteral(subject);
        long started = System.nanoTime();
        CompletableFuture<io.nats.client.Message> raw;
        try {
            raw = nc.requestWithTimeout(subject, null, data, timeout);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(new BusException("request on " + subject + " failed: " + e.getMessage(), e));
        }
        AsyncStagesFuture<Message> result = new AsyncStagesFuture<>(handlers);
        // mapped inline on the client thread (cheap); the caller's own stages run on virtual threads
        raw.whenComplete((msg, error) -> {
            if (error == null && msg.isStatusMessage() && msg.getStatus().getCode() == 503) {
                error = new NoResponderException(subject);
            }
            BusListener.Outcome outcome = BusListener.Outcome.OK;
            if (error != null) {
                BusException e = translate(subject, timeout, error);
                outcome = BusListener.Outcome.of(e);
                result.completeExceptionally(e);
            } else {
                result.complete(new Message(msg.getSubject(), data(msg), null));
            }
            long nanos = System.nanoTime() - started;
            BusListener.Outcome o = outcome;
            BusListener.safely(config.listener, l -> l.onRequest(subject, nanos, o));
        });
        return result;
    }

    @Override
    public CompletableFuture<Void> publishEvent(String subject, byte[] data) {
        try {
            checkOpen();
            SubjectPattern.requireLiteral(subject);
            if (!subjects.isEvent(subject)) {
                throw new IllegalArgumentException("'" + subject + "' is not an event subject (" + subjects.events() + ")");
            }
            AsyncStagesFuture<Void> stored = new AsyncStagesFuture<>(handlers);
            storeEvent(subject, data, stored, true);
            return stored;
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * A JetStream publish is a request answered by the stream with a PubAck; done by hand to give it an explicit
     * timeout (the client's async publish would use the request sweep interval as its timeout). When no stream
     * answers (the server lost it), the stream is recreated once and the publish repeated.
     */
    private void storeEvent(String subject, byte[] data, CompletableFuture<Void> stored, boolean mayRecreate) {
        nc.requestWithTimeout(subject, null, data, config.publishTimeout).whenComplete((reply, error) -> {
            try {
                boolean noStream = error != null ? isNoResponders(error)
                        : reply.isStatusMessage() && reply.getStatus().getCode() == 503;
                if (noStream && mayRecreate) {
                    run(() -> {
                        try {
                            ensureStream();
                            storeEvent(subject, data, stored, false);
                        } catch (Exception e) {
                            stored.completeExceptionally(new BusException("event on " + subject
                                    + " not stored: no stream, and it cannot be recreated: " + e.getMessage(), e));
                        }
                    });
                    return;
                }
                if (noStream) {
                    throw new BusException("no stream stores " + subject);
                }
                if (error != null) {
                    throw unwrap(error);
                }
                if (reply.isStatusMessage()) {
                    throw new BusException("unexpected status " + reply.getStatus().getCode() + " storing " + subject);
                }
                new PublishAck(reply).throwOnHasError();
                stored.complete(null);
            } catch (Throwable e) {
                Throwable cause = e instanceof TimeoutException || e instanceof CancellationException
                        ? new TimeoutException("no ack within " + config.publishTimeout.toMillis() + " ms") : e;
                stored.completeExceptionally(new BusException("event on " + subject + " not stored: " + cause.getMessage(), cause));
            }
        });
    }

    @Override
    public Subscription subscribeEvents(String durableName, String filterSubject, Duration ackWait, EventHandler handler) {
        checkOpen();
        if (durableName == null || !durableName.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("invalid durable name '" + durableName + "' (letters, digits, - and _)");
        }
        if (ackWait == null || ackWait.isNegative() || ackWait.isZero()) {
            throw new IllegalArgumentException("ackWait must be positive");
        }
        SubjectPattern.of(filterSubject);
        if (!filterSubject.startsWith(subjects.prefix() + ".events.")) {
            throw new IllegalArgumentException("'" + filterSubject + "' is not inside the event stream (" + subjects.events() + ")");
        }
        ConsumerConfiguration cc = consumerConfig(durableName, filterSubject, ackWait);
        try {
            ensureConsumer(cc);
        } catch (IOException | JetStreamApiException e) {
            throw new BusException("cannot create durable consumer " + durableName + ": " + e.getMessage(), e);
        }
        NatsEventSubscription sub = new NatsEventSubscription(this, cc, handler, eventSubs::remove);
        eventSubs.add(sub);
        sub.start();
        return sub;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        // no new work: core subscriptions go first, then the event loops finish their current pull
        try {
            nc.closeDispatcher(dispatcher);
        } catch (RuntimeException e) {
            log.debug("closing the dispatcher: {}", e.toString());
        }
        List<NatsEventSubscription> subs = List.copyOf(eventSubs);
        subs.forEach(NatsEventSubscription::stop);
        subs.forEach(NatsEventSubscription::awaitStopped);
        // handlers already running may still reply or ack
        handlers.shutdown();
        try {
            if (!handlers.awaitTermination(config.closeGrace.toMillis(), TimeUnit.MILLISECONDS)) {
                log.info("closing with handlers still running after {} ms", config.closeGrace.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQuietly();
    }

    private Connection connect(Options options) {
        long deadline = System.nanoTime() + config.initialConnectWait.toNanos();
        for (long attempt = 0; ; attempt++) {
            try {
                return Nats.connect(options);
            } catch (IOException e) {
                if (System.nanoTime() >= deadline) {
                    shutdownExecutors();
                    throw new BusException("cannot connect to NATS at " + config.url + ": " + e.getMessage(), e);
                }
                if (attempt == 0) {
                    log.warn("NATS at {} not reachable ({}); retrying for up to {} s", config.url, e.getMessage(),
                            config.initialConnectWait.toSeconds());
                }
                try {
                    Thread.sleep(reconnectDelay(attempt).toMillis());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    shutdownExecutors();
                    throw new BusException("interrupted while connecting to NATS at " + config.url, ie);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                shutdownExecutors();
                throw new BusException("interrupted while connecting to NATS at " + config.url, e);
            }
        }
    }

    // ---- package-private plumbing for the event loop ----

    Connection nc() {
        return nc;
    }

    Config config() {
        return config;
    }

    boolean closed() {
        return closed;
    }

    void run(Runnable task) {
        try {
            handlers.execute(task);
        } catch (RejectedExecutionException e) {
            log.debug("bus closed, dropping a delivery");
        }
    }

    /** Creates or updates the consumer, creating the stream first if the server lost it. */
    void ensureConsumer(ConsumerConfiguration cc) throws IOException, JetStreamApiException {
        try {
            jsm.addOrUpdateConsumer(config.streamName, cc);
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
                throw e;
            }
            ensureStream();
            jsm.addOrUpdateConsumer(config.streamName, cc);
        }
    }

    private ConsumerConfiguration consumerConfig(String durable, String filter, Duration ackWait) {
        return ConsumerConfiguration.builder()
                .durable(durable)
                .filterSubject(filter)
                .ackPolicy(AckPolicy.Explicit)
                .ackWait(ackWait)
                .deliverPolicy(DeliverPolicy.All)
                .maxAckPending(config.maxAckPending)
                .build();
    }

    private void ensureStream() throws IOException, JetStreamApiException {
        StreamConfiguration sc = StreamConfiguration.builder()
                .name(config.streamName)
                .subjects(subjects.events())
                .storageType(StorageType.File)
                .retentionPolicy(RetentionPolicy.Limits)
                .discardPolicy(DiscardPolicy.Old)
                .maxBytes(config.streamMaxBytes)
                .maxAge(config.streamMaxAge)
                .build();
        try {
            StreamInfo existing = jsm.getStreamInfo(config.streamName);
            StreamConfiguration cur = existing.getConfiguration();
            if (!cur.getSubjects().equals(sc.getSubjects()) || cur.getMaxBytes() != sc.getMaxBytes()
                    || !cur.getMaxAge().equals(sc.getMaxAge())) {
                jsm.updateStream(sc);
                log.info("updated stream {}: subjects {}, max bytes {}, max age {}", config.streamName,
                        sc.getSubjects(), sc.getMaxBytes(), sc.getMaxAge());
            }
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
                throw e;
            }
            jsm.addStream(sc);
            log.info("created stream {} on {}", config.streamName, sc.getSubjects());
        }
    }

    private static BusException translate(String subject, Duration timeout, Throwable error) {
        Throwable e = unwrap(error);
        if (e instanceof BusException be) {
            return be;
        }
        if (e instanceof TimeoutException || e instanceof CancellationException) {
            return new RequestTimeoutException(subject, timeout);
        }
        if (e instanceof JetStreamStatusException s && s.getStatus() != null && s.getStatus().getCode() == 503) {
            return new NoResponderException(subject);
        }
        return new BusException("request on " + subject + " failed: " + e, e);
    }

    private static boolean isNoResponders(Throwable error) {
        return unwrap(error) instanceof JetStreamStatusException s && s.getStatus() != null && s.getStatus().getCode() == 503;
    }

    private static Throwable unwrap(Throwable e) {
        while (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    static byte[] data(io.nats.client.Message msg) {
        byte[] d = msg.getData();
        return d == null ? new byte[0] : d;
    }

    private Duration reconnectDelay(long rounds) {
        long base = config.reconnectMinWait.toMillis() << Math.min(rounds, 16);
        long capped = Math.min(base, config.reconnectMaxWait.toMillis());
        // jitter so that a fleet of instances does not reconnect in lockstep
        return Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
    }

    private void onConnectionEvent(Connection conn, ConnectionListener.Events event) {
        switch (event) {
            case DISCONNECTED -> {
                // the client reports every failed attempt; say it once per outage
                if (connected.compareAndSet(true, false)) {
                    log.warn("NATS connection lost; reconnecting");
                    BusListener.safely(config.listener, l -> l.onConnection(false));
                }
            }
            case RECONNECTED -> {
                connected.set(true);
                log.info("NATS reconnected to {}", conn.getConnectedUrl());
                BusListener.safely(config.listener, l -> l.onConnection(true));
            }
            default -> log.debug("NATS connection event {}", event);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new BusException("bus closed");
        }
    }

    private void closeQuietly() {
        try {
            if (nc != null) {
                nc.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            shutdownExecutors();
        }
    }

    private void shutdownExecutors() {
        handlers.shutdown();
        if (clientExecutor != null) {
            clientExecutor.shutdown();
        }
    }

    private final class LoggingErrorListener implements ErrorListener {
        @Override
        public void errorOccurred(Connection conn, String error) {
            log.warn("NATS server error: {}", error);
        }

        @Override
        public void exceptionOccurred(Connection conn, Exception exp) {
            if (connected.get()) {
                log.warn("NATS client exception: {}", exp.toString());
            } else {
                log.debug("NATS client exception while reconnecting: {}", exp.toString());
            }
        }

        @Override
        public void slowConsumerDetected(Connection conn, io.nats.client.Consumer consumer) {
            long pending = consumer.getPendingMessageCount();
            long dropped = consumer.getDroppedCount();
            log.warn("NATS slow consumer: {} messages pending, dropped so far {}", pending, dropped);
            BusListener.safely(config.listener, l -> l.onSlowConsumer(pending, dropped));
        }
    }

    /** Immutable settings, filled in by {@link Builder#build()}. */
    record Config(String url, String prefix, String streamName, long streamMaxBytes, Duration streamMaxAge,
            int maxAckPending, Duration reconnectMinWait, Duration reconnectMaxWait, Duration connectTimeout,
            Duration pullExpiry, Duration publishTimeout, Duration closeGrace, Duration initialConnectWait,
            boolean virtualThreadClient, int fetchBatch, long pendingMessages, long pendingBytes, String connectionName,
            BusListener listener) {}

    /**
     * Options of a {@link NatsBus}. Also readable from {@link Properties} ({@link #properties}):
     * {@code coral.nats.url}, {@code coral.nats.prefix}, {@code coral.nats.stream}, {@code coral.nats.stream-max-bytes},
     * {@code coral.nats.stream-max-age} (e.g. {@code 24h}, {@code 7d}, {@code PT30M}), {@code coral.nats.max-ack-pending},
     * {@code coral.nats.initial-connect-wait}, {@code coral.nats.virtual-threads}.
     */
    public static final class Builder {
        private String url = "nats://127.0.0.1:4222";
        private String prefix = Subjects.DEFAULT_PREFIX;
        private String streamName;
        private long streamMaxBytes = 1L << 30;
        private Duration streamMaxAge = Duration.ofDays(1);
        private int maxAckPending = 1_000;
        private Duration reconnectMinWait = Duration.ofMillis(50);
        private Duration reconnectMaxWait = Duration.ofSeconds(2);
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration pullExpiry = Duration.ofSeconds(1);
        private Duration publishTimeout = Duration.ofSeconds(5);
        private Duration closeGrace = Duration.ofSeconds(2);
        private Duration initialConnectWait = Duration.ZERO;
        // from JDK 24 a virtual thread in a synchronized block no longer pins its carrier
        private boolean virtualThreadClient = Runtime.version().feature() >= 24;
        private int fetchBatch = 64;
        private long pendingMessages = 1_000_000;
        private long pendingBytes = 256L << 20;
        private String connectionName = "coral";
        private BusListener listener = BusListener.NONE;

        private Builder() {}

        public Builder url(String url) {
            this.url = url;
            return this;
        }

        public Builder prefix(String prefix) {
            this.prefix = prefix;
            return this;
        }

        /**
         * Stream name. Default {@code CORAL_EVENTS} for the default prefix, {@code CORAL_EVENTS_<PREFIX>} for
         * any other, so that several prefixes can share one server.
         */
        public Builder streamName(String streamName) {
            this.streamName = streamName;
            return this;
        }

        /** Stream size limit; the oldest events are dropped beyond it. Default 1 GiB. */
        public Builder streamMaxBytes(long streamMaxBytes) {
            this.streamMaxBytes = streamMaxBytes;
            return this;
        }

        /** Stream age limit. Default 1 day. */
        public Builder streamMaxAge(Duration streamMaxAge) {
            this.streamMaxAge = streamMaxAge;
            return this;
        }

        /** Unacked events per durable before the server pauses delivery. Default 1,000. */
        public Builder maxAckPending(int maxAckPending) {
            this.maxAckPending = maxAckPending;
            return this;
        }

        /** Reconnect backoff: starts at min, doubles per round, capped at max (with jitter). Default 50 ms .. 2 s. */
        public Builder reconnectWait(Duration min, Duration max) {
            this.reconnectMinWait = min;
            this.reconnectMaxWait = max;
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        /** How long one event pull waits; also the longest a closing event subscription waits. Default 1 s. */
        public Builder pullExpiry(Duration pullExpiry) {
            this.pullExpiry = pullExpiry;
            return this;
        }

        /** How long {@code publishEvent} waits for the server to confirm storage. Default 5 s. */
        public Builder publishTimeout(Duration publishTimeout) {
            this.publishTimeout = publishTimeout;
            return this;
        }

        /** How long {@code close()} lets running handlers finish (and reply or ack). Default 2 s. */
        public Builder closeGrace(Duration closeGrace) {
            this.closeGrace = closeGrace;
            return this;
        }

        /**
         * How long {@code build()} keeps retrying when the server is not reachable yet (e.g. containers starting
         * together). Default 0: fail at once with a clear error.
         */
        public Builder initialConnectWait(Duration initialConnectWait) {
            this.initialConnectWait = initialConnectWait;
            return this;
        }

        /**
         * Run the NATS client's own threads (reader, writer, dispatchers) on virtual threads. Default: on JDK 24+,
         * where it roughly doubles single-requester round trips on a busy machine; off on JDK 21-23.
         */
        public Builder virtualThreadClient(boolean virtualThreadClient) {
            this.virtualThreadClient = virtualThreadClient;
            return this;
        }

        public Builder connectionName(String connectionName) {
            this.connectionName = connectionName;
            return this;
        }

        public Builder listener(BusListener listener) {
            this.listener = listener == null ? BusListener.NONE : listener;
            return this;
        }

        /** Reads the {@code coral.nats.*} keys present in {@code props}; others keep their values. */
        public Builder properties(Properties props) {
            String v;
            if ((v = props.getProperty("coral.nats.url")) != null) {
                url(v.trim());
            }
            if ((v = props.getProperty("coral.nats.prefix")) != null) {
                prefix(v.trim());
            }
            if ((v = props.getProperty("coral.nats.stream")) != null) {
                streamName(v.trim());
            }
            if ((v = props.getProperty("coral.nats.stream-max-bytes")) != null) {
                streamMaxBytes(parseBytes(v.trim()));
            }
            if ((v = props.getProperty("coral.nats.stream-max-age")) != null) {
                streamMaxAge(parseDuration(v.trim()));
            }
            if ((v = props.getProperty("coral.nats.max-ack-pending")) != null) {
                maxAckPending(Integer.parseInt(v.trim()));
            }
            if ((v = props.getProperty("coral.nats.initial-connect-wait")) != null) {
                initialConnectWait(parseDuration(v.trim()));
            }
            if ((v = props.getProperty("coral.nats.virtual-threads")) != null) {
                virtualThreadClient(Boolean.parseBoolean(v.trim()));
            }
            return this;
        }

        public NatsBus build() {
            Subjects s = new Subjects(prefix);
            String stream = streamName != null ? streamName
                    : s.prefix().equals(Subjects.DEFAULT_PREFIX) ? Subjects.EVENTS_STREAM
                    : Subjects.EVENTS_STREAM + "_" + s.prefix().toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9_-]", "_");
            if (streamMaxBytes < 1 && streamMaxBytes != -1) {
                throw new IllegalArgumentException("streamMaxBytes must be positive (or -1 for unlimited)");
            }
            if (streamMaxAge.isNegative() || maxAckPending < 1 || pullExpiry.toMillis() < 1000) {
                throw new IllegalArgumentException("invalid NatsBus settings (maxAge >= 0, maxAckPending >= 1, pullExpiry >= 1s)");
            }
            return new NatsBus(new Config(url, prefix, stream, streamMaxBytes, streamMaxAge, maxAckPending,
                    reconnectMinWait, reconnectMaxWait, connectTimeout, pullExpiry, publishTimeout, closeGrace, initialConnectWait, virtualThreadClient, fetchBatch, pendingMessages,
                    pendingBytes, connectionName, listener));
        }

        static long parseBytes(String v) {
            String s = v.toUpperCase(Locale.ROOT).replace("IB", "").replace("B", "");
            long mul = 1;
            char last = s.isEmpty() ? ' ' : s.charAt(s.length() - 1);
            switch (last) {
                case 'K' -> mul = 1L << 10;
                case 'M' -> mul = 1L << 20;
                case 'G' -> mul = 1L << 30;
                case 'T' -> mul = 1L << 40;
                default -> { }
            }
            String num = mul == 1 ? s : s.substring(0, s.length() - 1);
            return Long.parseLong(num.trim()) * mul;
        }

        static Duration parseDuration(String v) {
            if (v.startsWith("P") || v.startsWith("p")) {
                return Duration.parse(v.toUpperCase(Locale.ROOT));
            }
            String s = v.toLowerCase(Locale.ROOT);
            int i = 0;
            while (i < s.length() && Character.isDigit(s.charAt(i))) {
                i++;
            }
            long n = Long.parseLong(s.substring(0, i));
            return switch (s.substring(i).trim()) {
                case "ms" -> Duration.ofMillis(n);
                case "", "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> throw new IllegalArgumentException("bad duration '" + v + "' (e.g. 500ms, 30s, 10m, 24h, 7d, PT1H)");
            };
        }
    }
}
