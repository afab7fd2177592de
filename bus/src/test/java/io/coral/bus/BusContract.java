package io.coral.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.coral.bus.command.CwmpRpcReply;
import io.coral.bus.command.CwmpRpcRequest;
import io.coral.bus.event.DeviceStatusEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Bus} implementation promises, written once. A subclass supplies buses
 * that share one medium (one LocalBus, or one NATS server): {@link #open(Subjects)} may return the
 * same instance or a new connection. Each test gets its own prefix so tests never see each other's
 * traffic, even on a shared server.
 */
public abstract class BusContract {

    protected static final Duration WAIT = Duration.ofSeconds(10);

    private final List<Bus> opened = new ArrayList<>();
    protected Subjects subjects;
    protected Bus bus;

    /** A bus on the shared medium with these subjects; closed by the contract after each test. */
    protected abstract Bus open(Subjects subjects);

    @BeforeEach
    void openBus() {
        subjects = new Subjects("t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
        bus = another();
    }

    @AfterEach
    void closeBuses() {
        for (Bus b : opened) {
            b.close();
        }
        opened.clear();
        afterClose();
    }

    /** Runs after every bus of the test is closed (e.g. to remove server-side state). */
    protected void afterClose() {}

    /** One more bus (another "instance" of a service) on the same medium. */
    protected Bus another() {
        Bus b = open(subjects);
        opened.add(b);
        return b;
    }

    protected String subject(String rest) {
        return subjects.prefix() + "." + rest;
    }

    protected String event(String rest) {
        return subjects.prefix() + ".events." + rest;
    }

    protected static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    protected static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    protected static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Waits until the subscription is live on the medium: a request on its subject gets an answer. */
    protected void awaitInterest(Bus via, String probeSubject) {
        await().atMost(WAIT).ignoreExceptions().until(() -> {
            via.request(probeSubject, bytes("probe"), Duration.ofMillis(500)).get();
            return true;
        });
    }

    // ---- publish / subscribe ----

    @Test
    void publishedMessageReachesSubscriber() throws Exception {
        CompletableFuture<Message> got = new CompletableFuture<>();
        bus.subscribe(subject("a.b"), null, got::complete);
        flush(bus, subject("a.b"));
        bus.publish(subject("a.b"), bytes("hello"));
        Message m = get(got);
        assertThat(m.subject()).isEqualTo(subject("a.b"));
        assertThat(text(m.data())).isEqualTo("hello");
        assertThat(m.replyTo()).isNull();
    }

    @Test
    void wildcardsFollowNatsRules() throws Exception {
        Set<String> star = ConcurrentHashMap.newKeySet();
        Set<String> gt = ConcurrentHashMap.newKeySet();
        Set<String> all = ConcurrentHashMap.newKeySet();
        bus.subscribe(subject("w.*"), null, m -> star.add(m.subject()));
        bus.subscribe(subject("w.>"), null, m -> gt.add(m.subject()));
        bus.subscribe(subject(">"), null, m -> all.add(m.subject()));
        flush(bus, subject("w.x"));
        List<String> sent = List.of(subject("w"), subject("w.x"), subject("w.y.z"), subject("v.x"));
        sent.forEach(s -> bus.publish(s, bytes(s)));
        await().atMost(WAIT).until(() -> all.containsAll(sent));
        await().atMost(WAIT).until(() -> star.contains(subject("w.x")) && gt.containsAll(List.of(subject("w.x"), subject("w.y.z"))));
        await().during(Duration.ofMillis(200)).atMost(WAIT).until(() -> star.size() == 1 && gt.size() == 2);
        assertThat(star).containsExactly(subject("w.x"));
        assertThat(gt).containsExactlyInAnyOrder(subject("w.x"), subject("w.y.z"));
    }

    @Test
    void invalidSubjectsAreRejected() {
        assertThatThrownBy(() -> bus.publish(subject("a.*"), bytes("x"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> bus.publish(subject("a..b"), bytes("x"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> bus.publish(subject("a b"), bytes("x"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> bus.subscribe(subject(">.a"), null, m -> {})).isInstanceOf(IllegalArgumentException.class);
    }

    // ---- request / reply ----

    @Test
    void requestGetsReply() throws Exception {
        bus.subscribe(subject("echo"), "svc", m -> bus.reply(m, bytes(text(m.data()).toUpperCase())));
        Bus client = another();
        awaitInterest(client, subject("echo"));
        Message reply = get(client.request(subject("echo"), bytes("ping"), WAIT));
        assertThat(text(reply.data())).isEqualTo("PING");
    }

    @Test
    void typedRequestRoundTripsJsonRecords() throws Exception {
        bus.subscribe(subject("cwmp.rpc.*"), "acs", m -> {
            CwmpRpcRequest req = m.decode(CwmpRpcRequest.class);
            bus.reply(m, new CwmpRpcReply("t-1", JsonNodeFactory.instance.objectNode().put("rpc", req.rpc()), null));
        });
        awaitSubscribed(bus, subject("cwmp.rpc.x"));
        CwmpRpcReply reply = bus.request(subject("cwmp.rpc.x"),
                new CwmpRpcRequest("Reboot", null, null, CwmpRpcRequest.MODE_NOW, 1000L), CwmpRpcReply.class, WAIT)
                .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(reply.taskId()).isEqualTo("t-1");
        assertThat(reply.result().get("rpc").asText()).isEqualTo("Reboot");
    }

    @Test
    void requestWithoutReplyTimesOut() {
        bus.subscribe(subject("silent"), null, m -> {});
        awaitSubscribed(bus, subject("silent"));
        long start = System.nanoTime();
        CompletableFuture<Message> f = bus.request(subject("silent"), bytes("x"), Duration.ofMillis(300));
        assertThatThrownBy(() -> f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(RequestTimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(290));
    }

    @Test
    void requestWithoutSubscriberFailsFastWithNoResponder() {
        long start = System.nanoTime();
        CompletableFuture<Message> f = bus.request(subject("nobody.home"), bytes("x"), Duration.ofSeconds(5));
        assertThatThrownBy(() -> f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(NoResponderException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void closedSubscriptionGetsNothingMoreAndItsSubjectHasNoResponder() throws Exception {
        List<String> got = new CopyOnWriteArrayList<>();
        Subscription sub = bus.subscribe(subject("gone"), null, m -> {
            got.add(text(m.data()));
            bus.reply(m, m.data());
        });
        awaitSubscribed(bus, subject("gone"));
        assertThat(text(get(bus.request(subject("gone"), bytes("a"), WAIT)).data())).isEqualTo("a");
        sub.close();
        awaitSubscribed(bus, subject("gone"));
        CompletableFuture<Message> f = bus.request(subject("gone"), bytes("b"), Duration.ofSeconds(5));
        assertThatThrownBy(() -> f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(NoResponderException.class);
        assertThat(got).containsExactly("a");
    }

    @Test
    void handlersRunConcurrentlyAndRequestsStayInFlightTogether() throws Exception {
        int n = 32;
        CountDownLatch allArrived = new CountDownLatch(n);
        bus.subscribe(subject("slow"), "svc", m -> {
            allArrived.countDown();
            // a handler that blocks until every request has arrived: only concurrent handlers pass
            if (allArrived.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                bus.reply(m, m.data());
            }
        });
        awaitSubscribed(bus, subject("slow"));
        Bus client = another();
        List<CompletableFuture<Message>> replies = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            replies.add(client.request(subject("slow"), bytes("r" + i), WAIT));
        }
        for (int i = 0; i < n; i++) {
            assertThat(text(get(replies.get(i)).data())).isEqualTo("r" + i);
        }
    }

    @Test
    void queueGroupSharesMessagesAcrossThreeSubscribers() throws Exception {
        Map<Integer, List<String>> received = new ConcurrentHashMap<>();
        Set<String> everything = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 3; i++) {
            int member = i;
            Bus instance = another();
            instance.subscribe(subject("work.*"), "workers", m -> {
                received.computeIfAbsent(member, k -> new CopyOnWriteArrayList<>()).add(text(m.data()));
                instance.reply(m, bytes("ok"));
            });
            awaitSubscribed(instance, subject("work.probe"));
        }
        bus.subscribe(subject("work.*"), null, m -> everything.add(text(m.data())));
        awaitSubscribed(bus, subject("work.probe"));
        received.clear();
        int total = 60;
        Bus client = another();
        List<CompletableFuture<Message>> replies = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            replies.add(client.request(subject("work." + i), bytes("m" + i), WAIT));
        }
        for (CompletableFuture<Message> r : replies) {
            get(r);
        }
        await().atMost(WAIT).until(() -> everything.size() >= total);
        List<String> all = received.values().stream().flatMap(List::stream).filter(s -> s.startsWith("m")).toList();
        assertThat(all).hasSize(total).doesNotHaveDuplicates();
        assertThat(received).hasSize(3);
        received.values().forEach(l -> assertThat(l).isNotEmpty());
    }

    // ---- durable events ----

    @Test
    void eventsPublishedWhileConsumerIsDownAreDeliveredWhenItComesBack() throws Exception {
        List<String> first = new CopyOnWriteArrayList<>();
        Subscription sub = bus.subscribeEvents("down", event(">"), Duration.ofSeconds(30), e -> {
            first.add(text(e.data()));
            e.ack();
        });
        get(bus.publishEvent(event("x.1"), bytes("e1")));
        await().atMost(WAIT).until(() -> first.contains("e1"));
        sub.close();

        get(bus.publishEvent(event("x.2"), bytes("e2")));
        get(bus.publishEvent(event("x.3"), bytes("e3")));

        Bus instance = another();
        List<String> second = new CopyOnWriteArrayList<>();
        instance.subscribeEvents("down", event(">"), Duration.ofSeconds(30), e -> {
            second.add(text(e.data()));
            e.ack();
        });
        await().atMost(WAIT).until(() -> second.size() >= 2);
        await().during(Duration.ofMillis(200)).atMost(WAIT).until(() -> second.size() == 2);
        assertThat(second).containsExactlyInAnyOrder("e2", "e3");
        assertThat(first).containsExactly("e1");
    }

    @Test
    void unackedEventIsRedeliveredAfterAckWait() throws Exception {
        List<Long> deliveries = new CopyOnWriteArrayList<>();
        bus.subscribeEvents("redeliver", event("r.>"), Duration.ofMillis(500), e -> {
            deliveries.add(e.deliveryCount());
            if (e.deliveryCount() >= 2) {
                e.ack();
            }
        });
        long start = System.nanoTime();
        get(bus.publishEvent(event("r.1"), bytes("once")));
        await().atMost(WAIT).until(() -> deliveries.size() >= 2);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(450));
        await().during(Duration.ofMillis(800)).atMost(WAIT).until(() -> deliveries.size() == 2);
        assertThat(deliveries).containsExactly(1L, 2L);
    }

    @Test
    void nakRedeliversNowAndThrowingHandlerGetsItAgain() throws Exception {
        List<Long> deliveries = new CopyOnWriteArrayList<>();
        bus.subscribeEvents("nak", event("n.>"), Duration.ofSeconds(30), e -> {
            deliveries.add(e.deliveryCount());
            switch ((int) e.deliveryCount()) {
                case 1 -> e.nak();
                case 2 -> throw new IllegalStateException("handler failure on purpose");
                default -> e.ack();
            }
        });
        get(bus.publishEvent(event("n.1"), bytes("x")));
        await().atMost(Duration.ofSeconds(5)).until(() -> deliveries.size() >= 3);
        assertThat(deliveries).containsExactly(1L, 2L, 3L);
    }

    @Test
    void subscribersOfOneDurableShareItsEvents() throws Exception {
        Map<String, Integer> seen = new ConcurrentHashMap<>();
        AtomicInteger deliveries = new AtomicInteger();
        for (int i = 0; i < 2; i++) {
            another().subscribeEvents("shared", event("s.>"), Duration.ofSeconds(30), e -> {
                deliveries.incrementAndGet();
                seen.merge(text(e.data()), 1, Integer::sum);
                e.ack();
            });
        }
        int total = 40;
        List<CompletableFuture<Void>> stored = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            stored.add(bus.publishEvent(event("s." + i), bytes("e" + i)));
        }
        CompletableFuture.allOf(stored.toArray(CompletableFuture[]::new)).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        await().atMost(WAIT).until(() -> seen.size() == total);
        await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> deliveries.get() == total);
        assertThat(seen.values()).containsOnly(1);
    }

    @Test
    void everyEventIsEventuallyAckedWhenSubscribersNakAtRandom() throws Exception {
        int total = 200;
        Set<String> acked = ConcurrentHashMap.newKeySet();
        AtomicInteger ackedTwice = new AtomicInteger();
        for (int i = 0; i < 3; i++) {
            another().subscribeEvents("chaos", event("c.>"), Duration.ofSeconds(30), e -> {
                // every other first delivery is refused; redeliveries are taken
                if (e.deliveryCount() == 1 && java.util.concurrent.ThreadLocalRandom.current().nextBoolean()) {
                    e.nak();
                    return;
                }
                if (!acked.add(text(e.data()))) {
                    ackedTwice.incrementAndGet();
                }
                e.ack();
            });
        }
        List<CompletableFuture<Void>> stored = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            stored.add(bus.publishEvent(event("c." + (i % 7)), bytes("e" + i)));
        }
        CompletableFuture.allOf(stored.toArray(CompletableFuture[]::new)).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        await().atMost(WAIT).until(() -> acked.size() == total);
        await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> ackedTwice.get() == 0);
    }

    @Test
    void eventFilterSelectsSubjects() throws Exception {
        List<String> got = new CopyOnWriteArrayList<>();
        bus.subscribeEvents("filtered", subjects.prefix() + ".events.device.status.*", Duration.ofSeconds(30), e -> {
            got.add(e.subject());
            e.ack();
        });
        get(bus.publishEvent(subjects.deviceNew("A"), bytes("{}")));
        DeviceStatusEvent status = new DeviceStatusEvent("A", "cwmp", 2, 2, "inform", Instant.parse("2026-01-01T00:00:00Z"));
        get(bus.publishEvent(subjects.deviceStatus("A"), status));
        await().atMost(WAIT).until(() -> !got.isEmpty());
        await().during(Duration.ofMillis(200)).atMost(WAIT).until(() -> got.size() == 1);
        assertThat(got).containsExactly(subjects.deviceStatus("A"));
    }

    @Test
    void aDurableResubscribedWithAnotherFilterFollowsTheNewFilter() throws Exception {
        bus.subscribeEvents("refilter", event("a.>"), Duration.ofSeconds(30), e -> e.ack()).close();
        List<String> got = new CopyOnWriteArrayList<>();
        bus.subscribeEvents("refilter", event("b.>"), Duration.ofSeconds(30), e -> {
            got.add(e.subject());
            e.ack();
        });
        get(bus.publishEvent(event("a.1"), bytes("x")));
        get(bus.publishEvent(event("b.1"), bytes("y")));
        await().atMost(WAIT).until(() -> !got.isEmpty());
        await().during(Duration.ofMillis(200)).atMost(WAIT).until(() -> got.size() == 1);
        assertThat(got).containsExactly(event("b.1"));
    }

    @Test
    void publishEventOutsideTheEventStreamFails() {
        CompletableFuture<Void> f = bus.publishEvent(subject("not.an.event"), bytes("x"));
        assertThatThrownBy(() -> f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isInstanceOf(ExecutionException.class);
    }

    // ---- subject escaping ----

    @Test
    void escapedSerialNumberRoundTripsAndRoutesOnlyToItsDevice() throws Exception {
        String sn = "a.b c*>::x";
        String token = Subjects.token(sn);
        assertThat(token).doesNotContain(".", " ", "*", ">");
        assertThat(Subjects.untoken(token)).isEqualTo(sn);
        assertThat(Subjects.lastToken(subjects.cwmpRpc(sn))).isEqualTo(sn);

        List<String> exact = new CopyOnWriteArrayList<>();
        List<String> perDevice = new CopyOnWriteArrayList<>();
        bus.subscribe(subjects.cwmpRpc(sn), null, m -> exact.add(Subjects.lastToken(m.subject())));
        bus.subscribe(subjects.cwmpRpcAll(), "acs", m -> {
            perDevice.add(Subjects.lastToken(m.subject()));
            bus.reply(m, bytes(Subjects.lastToken(m.subject())));
        });
        awaitInterest(bus, subjects.cwmpRpc("probe"));
        // neighbours that a naive subject would confuse with sn
        for (String other : List.of("a", "a.b", "a.b c", "x")) {
            assertThat(text(get(bus.request(subjects.cwmpRpc(other), bytes("x"), WAIT)).data())).isEqualTo(other);
        }
        assertThat(text(get(bus.request(subjects.cwmpRpc(sn), bytes("x"), WAIT)).data())).isEqualTo(sn);
        await().atMost(WAIT).until(() -> exact.size() == 1);
        assertThat(exact).containsExactly(sn);
        assertThat(perDevice).contains(sn, "a", "a.b", "a.b c", "x");

        CompletableFuture<String> evt = new CompletableFuture<>();
        bus.subscribeEvents("escape", subjects.cwmpInformAll(), Duration.ofSeconds(30), e -> {
            evt.complete(Subjects.lastToken(e.subject()));
            e.ack();
        });
        get(bus.publishEvent(subjects.cwmpInform(sn), bytes("{}")));
        assertThat(get(evt)).isEqualTo(sn);
    }

    // ---- helpers ----

    /** Waits until a subscription made through {@code via} is known to the medium. */
    protected void awaitSubscribed(Bus via, String subject) {
        flush(via, subject);
    }

    /** Makes sure earlier subscriptions of {@code via} are in effect; a no-op for in-JVM buses. */
    protected void flush(Bus via, String subject) {}
}
