package io.coral.bus;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One durable consumer of {@link LocalBus}: a position in the event log shared by every subscriber
 * with the same durable name, the deliveries waiting for an ack, and the events due for redelivery.
 * All state changes happen under this object's lock; handlers run outside it.
 */
final class LocalDurable {
    private static final Logger log = LoggerFactory.getLogger(LocalDurable.class);

    private final String name;
    private final LocalEventLog events;
    private final ScheduledExecutorService timer;
    private final Executor handlers;
    private final int maxAckPending;
    private final BusListener listener;

    private SubjectPattern filter;
    private Duration ackWait;
    private long nextSeq;
    private final Map<Long, Pending> pending = new HashMap<>();
    private final ArrayDeque<Long> redeliver = new ArrayDeque<>();
    private final List<Member> members = new ArrayList<>();
    private int inFlight;
    private int cursor;
    private boolean closed;
    /** One periodic check of ack deadlines per durable, instead of a timer task per delivery. */
    private ScheduledFuture<?> deadlineCheck;
    private long deadlineCheckNanos;

    private static final class Pending {
        final long seq;
        int deliveries;
        boolean inFlight;
        /** System.nanoTime() past which an unacked delivery goes back for redelivery. */
        long deadline;
        /** Only for a nak with a delay (rare): the timer that puts it back. */
        ScheduledFuture<?> timeout;

        Pending(long seq) {
            this.seq = seq;
        }
    }

    private final class Member implements Subscription {
        final EventHandler handler;
        volatile boolean active = true;

        Member(EventHandler handler) {
            this.handler = handler;
        }

        @Override
        public void close() {
            active = false;
            removeMember(this);
        }
    }

    private record Delivery(Member member, LocalEventLog.Stored event, int deliveries) {}

    LocalDurable(String name, SubjectPattern filter, Duration ackWait, LocalEventLog events,
            ScheduledExecutorService timer, Executor handlers, int maxAckPending, BusListener listener) {
        this.listener = listener;
        this.name = name;
        this.filter = filter;
        this.ackWait = ackWait;
        this.events = events;
        this.timer = timer;
        this.handlers = handlers;
        this.maxAckPending = maxAckPending;
        this.nextSeq = events.firstSeq();
    }

    Subscription subscribe(SubjectPattern filter, Duration ackWait, EventHandler handler) {
        Member m = new Member(handler);
        synchronized (this) {
            if (!this.filter.pattern().equals(filter.pattern())) {
                log.info("durable {}: filter changed from {} to {}", name, this.filter, filter);
                this.filter = filter;
            }
            this.ackWait = ackWait;
            members.add(m);
        }
        pump();
        return m;
    }

    private void removeMember(Member m) {
        synchronized (this) {
            members.remove(m);
        }
    }

    boolean interestedIn(String subject) {
        SubjectPattern f;
        synchronized (this) {
            f = filter;
        }
        return f.matches(subject);
    }

    /** Hands out as many events as the members and the ack-pending limit allow. */
    void pump() {
        List<Delivery> out = new ArrayList<>();
        synchronized (this) {
            while (!closed && !members.isEmpty() && inFlight < maxAckPending) {
                Delivery d = nextRedelivery();
                if (d == null) {
                    d = nextNew();
                }
                if (d == null) {
                    break;
                }
                out.add(d);
            }
        }
        for (Delivery d : out) {
            dispatch(d);
        }
    }

    private Delivery nextRedelivery() {
        for (Long seq = redeliver.poll(); seq != null; seq = redeliver.poll()) {
            Pending p = pending.get(seq);
            if (p == null || p.inFlight) {
                continue;
            }
            LocalEventLog.Stored e = events.get(seq);
            if (e == null) {
                pending.remove(seq); // aged out of the log: gone, as in a limits-based stream
                continue;
            }
            return start(p, e);
        }
        return null;
    }

    private Delivery nextNew() {
        for (LocalEventLog.Stored e = events.next(nextSeq); e != null; e = events.next(nextSeq)) {
            nextSeq = e.seq() + 1;
            if (filter.matches(e.subject())) {
                Pending p = new Pending(e.seq());
                pending.put(e.seq(), p);
                return start(p, e);
            }
        }
        return null;
    }

    private Delivery start(Pending p, LocalEventLog.Stored e) {
        p.deliveries++;
        p.inFlight = true;
        inFlight++;
        int deliveries = p.deliveries;
        p.deadline = System.nanoTime() + ackWait.toNanos();
        ensureDeadlineCheck();
        Member m = members.get(Math.floorMod(cursor++, members.size()));
        return new Delivery(m, e, deliveries);
    }

    private void dispatch(Delivery d) {
        LocalEventLog.Stored e = d.event();
        LocalEvent event = new LocalEvent(e.subject(), e.data().clone(), d.deliveries(), e.seq(), this);
        try {
            handlers.execute(() -> {
                if (!d.member().active) {
                    nak(e.seq(), d.deliveries(), Duration.ZERO);
                    return;
                }
                BusListener.safely(listener, l -> l.onEventDelivered(name, e.subject(), d.deliveries()));
                try {
                    d.member().handler.onEvent(event);
                } catch (Exception ex) {
                    BusListener.safely(listener, l -> l.onHandlerError(e.subject(), ex));
                    log.warn("durable {}: handler failed on {} (delivery {}), redelivering: {}",
                            name, e.subject(), d.deliveries(), ex.toString());
                    nak(e.seq(), d.deliveries(), LocalBus.failureBackoff(d.deliveries(), ackWait));
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            log.debug("durable {}: bus closed, event {} stays unacked", name, e.seq());
        }
    }

    /**
     * Checks deadlines every quarter of the ack wait (10 ms to 1 s): a delivery is redelivered no earlier than its
     * ack wait and at most a quarter later. A timer task per delivery woke the timer thread for every event.
     */
    private void ensureDeadlineCheck() {
        long period = Math.clamp(ackWait.toNanos() / 4, TimeUnit.MILLISECONDS.toNanos(10), TimeUnit.SECONDS.toNanos(1));
        if (deadlineCheck != null && deadlineCheckNanos == period) {
            return;
        }
        if (deadlineCheck != null) {
            deadlineCheck.cancel(false);
        }
        deadlineCheckNanos = period;
        try {
            deadlineCheck = timer.scheduleWithFixedDelay(this::expireOverdue, period, period, TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            deadlineCheck = null;
        }
    }

    private void expireOverdue() {
        boolean any = false;
        synchronized (this) {
            if (closed || inFlight == 0) {
                return;
            }
            long now = System.nanoTime();
            for (Pending p : pending.values()) {
                if (p.inFlight && p.timeout == null && now - p.deadline >= 0) {
                    p.inFlight = false;
                    inFlight--;
                    redeliver.add(p.seq);
                    any = true;
                }
            }
        }
        if (any) {
            pump();
        }
    }

    private void expire(long seq, int deliveries) {
        synchronized (this) {
            Pending p = pending.get(seq);
            if (p == null || p.deliveries != deliveries || !p.inFlight) {
                return;
            }
            p.timeout = null;
            p.inFlight = false;
            inFlight--;
            redeliver.add(seq);
        }
        pump();
    }

    void ack(long seq) {
        synchronized (this) {
            Pending p = closed ? null : pending.remove(seq);
            if (p == null) {
                return;
            }
            if (p.inFlight) {
                inFlight--;
            }
            if (p.timeout != null) {
                p.timeout.cancel(false);
            }
        }
        pump();
    }

    /** Redelivers after {@code delay} (zero: now) unless this delivery was acked or already expired. */
    void nak(long seq, int deliveries, Duration delay) {
        synchronized (this) {
            Pending p = pending.get(seq);
            if (closed || p == null || p.deliveries != deliveries || !p.inFlight) {
                return;
            }
            if (p.timeout != null) {
                p.timeout.cancel(false);
                p.timeout = null;
            }
            if (!delay.isZero()) {
                p.timeout = timer.schedule(() -> expire(seq, deliveries), delay.toNanos(), TimeUnit.NANOSECONDS);
                return;
            }
            p.inFlight = false;
            inFlight--;
            redeliver.addFirst(seq);
        }
        pump();
    }

    /** The bus is closing: no more deliveries, acks or timers. */
    synchronized void close() {
        closed = true;
        if (deadlineCheck != null) {
            deadlineCheck.cancel(false);
        }
        pending.values().forEach(p -> {
            if (p.timeout != null) {
                p.timeout.cancel(false);
            }
        });
    }
}
