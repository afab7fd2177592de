package io.coral.bus;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-JVM {@link Bus}: NATS subject semantics (wildcards, queue groups, request/reply with
 * no-responder detection) and a bounded in-memory event stream with durable consumers that redeliver
 * unacked events. Every handler call runs on its own virtual thread, so handlers may block and run
 * concurrently (no ordering between messages, as with any queue group).
 */
public final class LocalBus implements Bus {
    private static final Logger log = LoggerFactory.getLogger(LocalBus.class);
    private static final String INBOX = "_INBOX.local.";

    private final Subjects subjects;
    private final int maxAckPending;
    private final LocalEventLog events;
    private final ScheduledThreadPoolExecutor timer;
    private final ExecutorService handlers;
    private final CopyOnWriteArrayList<CoreSub> subs = new CopyOnWriteArrayList<>();
    private final ConcurrentHashMap<String, AtomicInteger> queueCursors = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, CompletableFuture<Message>> pendingRequests = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LocalDurable> durables = new ConcurrentHashMap<>();
    private final AtomicLong inboxSeq = new AtomicLong();
    private final BusListener listener;
    private volatile boolean closed;

    private final class CoreSub implements Subscription {
        final SubjectPattern pattern;
        final String queue;
        final MessageHandler handler;
        volatile boolean active = true;

        CoreSub(SubjectPattern pattern, String queue, MessageHandler handler) {
            this.pattern = pattern;
            this.queue = queue;
            this.handler = handler;
        }

        @Override
        public void close() {
            active = false;
            subs.remove(this);
        }
    }

    /** A bus with the default prefix and limits. */
    public LocalBus() {
        this(builder());
    }

    private LocalBus(Builder b) {
        this.subjects = new Subjects(b.prefix);
        this.maxAckPending = b.maxAckPending;
        this.listener = b.listener;
        this.events = new LocalEventLog(b.maxEvents, b.maxAge, b.clock);
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "local-bus-timer");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        this.handlers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("local-bus-", 0).factory());
        long sweep = Math.max(1, Math.min(b.maxAge.toMillis() / 4, 60_000));
        timer.scheduleWithFixedDelay(events::trimAge, sweep, sweep, TimeUnit.MILLISECONDS);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Subjects subjects() {
        return subjects;
    }

    @Override
    public void publish(String subject, byte[] data) {
        checkOpen();
        SubjectPattern.requireLiteral(subject);
        if (subject.startsWith(INBOX)) {
            CompletableFuture<Message> waiting = pendingRequests.remove(subject);
            if (waiting != null) {
                waiting.complete(new Message(subject, data.clone(), null));
                return;
            }
        }
        route(subject, data.clone(), null);
    }

    @Override
    public Subscription subscribe(String subject, String queueGroup, MessageHandler handler) {
        checkOpen();
        if (queueGroup != null && (queueGroup.isBlank() || queueGroup.chars().anyMatch(Character::isWhitespace))) {
            throw new IllegalArgumentException("invalid queue group '" + queueGroup + "'");
        }
        CoreSub sub = new CoreSub(SubjectPattern.of(subject), queueGroup, handler);
        subs.add(sub);
        return sub;
    }

    @Override
    public CompletableFuture<Message> request(String subject, byte[] data, Duration timeout) {
        checkOpen();
        SubjectPattern.requireLiteral(subject);
        long started = System.nanoTime();
        String inbox = INBOX + inboxSeq.incrementAndGet();
        CompletableFuture<Message> reply = new CompletableFuture<>();
        pendingRequests.put(inbox, reply);
        if (route(subject, data.clone(), inbox) == 0) {
            pendingRequests.remove(inbox);
            long nanos = System.nanoTime() - started;
            BusListener.safely(listener, l -> l.onRequest(subject, nanos, BusListener.Outcome.NO_RESPONDER));
            return CompletableFuture.failedFuture(new NoResponderException(subject));
        }
        ScheduledFuture<?> expiry = timer.schedule(() -> {
            if (pendingRequests.remove(inbox, reply)) {
                // completed on a virtual thread so that callers' continuations never block the timer
                runHandler(() -> reply.completeExceptionally(new RequestTimeoutException(subject, timeout)));
            }
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        reply.whenComplete((m, e) -> {
            expiry.cancel(false);
            pendingRequests.remove(inbox, reply);
            long nanos = System.nanoTime() - started;
            BusListener.safely(listener, l -> l.onRequest(subject, nanos, BusListener.Outcome.of(e)));
        });
        return reply;
    }

    @Override
    public CompletableFuture<Void> publishEvent(String subject, byte[] data) {
        return append(subject, data.clone());
    }

    /** The payload is encoded here, so the log may keep the bytes without a defensive copy. */
    @Override
    public CompletableFuture<Void> publishEvent(String subject, Object payload) {
        return append(subject, Json.encode(payload));
    }

    private CompletableFuture<Void> append(String subject, byte[] data) {
        try {
            checkOpen();
            SubjectPattern.requireLiteral(subject);
            requireEventSubject(subject);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        LocalEventLog.Stored stored = events.append(subject, data);
        for (LocalDurable d : durables.values()) {
            if (d.interestedIn(stored.subject())) {
                d.pump();
            }
        }
        return CompletableFuture.completedFuture(null);
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
        SubjectPattern filter = SubjectPattern.of(filterSubject);
        requireEventSubject(filterSubject);
        LocalDurable durable = durables.computeIfAbsent(durableName,
                n -> new LocalDurable(n, filter, ackWait, events, timer, handlers, maxAckPending, listener));
        return durable.subscribe(filter, ackWait, handler);
    }

    /** Events currently retained in memory. */
    public int retainedEvents() {
        return events.size();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        subs.forEach(s -> s.active = false);
        subs.clear();
        durables.values().forEach(LocalDurable::close);
        BusException gone = new BusException("bus closed");
        pendingRequests.values().forEach(f -> f.completeExceptionally(gone));
        pendingRequests.clear();
        timer.shutdownNow();
        handlers.shutdown();
    }

    static Duration failureBackoff(int deliveries, Duration ackWait) {
        long ms = 100L << Math.min(deliveries - 1, 10);
        return Duration.ofMillis(Math.min(ms, ackWait.toMillis()));
    }

    private int route(String subject, byte[] data, String replyTo) {
        Message msg = new Message(subject, data, replyTo);
        Map<String, List<CoreSub>> groups = null;
        int delivered = 0;
        for (CoreSub s : subs) {
            if (!s.pattern.matches(subject)) {
                continue;
            }
            if (s.queue == null) {
                deliver(s, msg);
                delivered++;
            } else {
                if (groups == null) {
                    groups = new LinkedHashMap<>();
                }
                groups.computeIfAbsent(s.queue, q -> new ArrayList<>()).add(s);
            }
        }
        if (groups != null) {
            for (Map.Entry<String, List<CoreSub>> g : groups.entrySet()) {
                List<CoreSub> members = g.getValue();
                int i = queueCursors.computeIfAbsent(g.getKey(), q -> new AtomicInteger()).getAndIncrement();
                deliver(members.get(Math.floorMod(i, members.size())), msg);
                delivered++;
            }
        }
        return delivered;
    }

    private void deliver(CoreSub sub, Message msg) {
        runHandler(() -> {
            if (!sub.active) {
                return;
            }
            try {
                sub.handler.onMessage(msg);
            } catch (Exception e) {
                log.warn("handler on {} failed for a message on {}: {}", sub.pattern, msg.subject(), e.toString(), e);
                BusListener.safely(listener, l -> l.onHandlerError(msg.subject(), e));
            }
        });
    }

    private void runHandler(Runnable r) {
        try {
            handlers.execute(r);
        } catch (RejectedExecutionException e) {
            log.debug("bus closed, dropping a delivery");
        }
    }

    private void requireEventSubject(String subject) {
        if (!subjects.isEvent(subject)) {
            throw new IllegalArgumentException("'" + subject + "' is not an event subject (" + subjects.events() + ")");
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new BusException("bus closed");
        }
    }

    /** Options of a {@link LocalBus}; defaults filled in. */
    public static final class Builder {
        private String prefix = Subjects.DEFAULT_PREFIX;
        private int maxEvents = 100_000;
        private Duration maxAge = Duration.ofHours(1);
        private int maxAckPending = 1_000;
        private Clock clock = Clock.systemUTC();
        private BusListener listener = BusListener.NONE;

        private Builder() {}

        public Builder prefix(String prefix) {
            this.prefix = prefix;
            return this;
        }

        /** Events kept in memory at most (oldest dropped first). Default 100,000. */
        public Builder maxEvents(int maxEvents) {
            if (maxEvents < 1) {
                throw new IllegalArgumentException("maxEvents must be >= 1");
            }
            this.maxEvents = maxEvents;
            return this;
        }

        /** Age after which an event is dropped, delivered or not. Default 1 hour. */
        public Builder maxAge(Duration maxAge) {
            if (maxAge.isNegative() || maxAge.isZero()) {
                throw new IllegalArgumentException("maxAge must be positive");
            }
            this.maxAge = maxAge;
            return this;
        }

        /** Unacked deliveries per durable before delivery pauses. Default 1,000. */
        public Builder maxAckPending(int maxAckPending) {
            if (maxAckPending < 1) {
                throw new IllegalArgumentException("maxAckPending must be >= 1");
            }
            this.maxAckPending = maxAckPending;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public Builder listener(BusListener listener) {
            this.listener = listener == null ? BusListener.NONE : listener;
            return this;
        }

        public LocalBus build() {
            return new LocalBus(this);
        }
    }
}
