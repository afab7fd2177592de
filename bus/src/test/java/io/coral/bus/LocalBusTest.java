package io.coral.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What only the in-JVM bus does: bounded memory for its event log, and the listener hooks. */
class LocalBusTest {

    static final class MutableClock extends Clock {
        volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void eventLogKeepsAtMostMaxEventsAndDropsTheOldest() throws Exception {
        try (LocalBus bus = LocalBus.builder().maxEvents(3).build()) {
            for (int i = 1; i <= 5; i++) {
                bus.publishEvent(bus.subjects().deviceNew("d" + i), bytes("e" + i)).get();
            }
            assertThat(bus.retainedEvents()).isEqualTo(3);
            List<String> got = new CopyOnWriteArrayList<>();
            bus.subscribeEvents("late", bus.subjects().events(), Duration.ofSeconds(30), e -> {
                got.add(new String(e.data(), StandardCharsets.UTF_8));
                e.ack();
            });
            await().atMost(Duration.ofSeconds(5)).until(() -> got.size() == 3);
            assertThat(got).containsExactlyInAnyOrder("e3", "e4", "e5");
        }
    }

    @Test
    void eventsOlderThanMaxAgeAreDroppedEvenIfNeverDelivered() throws Exception {
        MutableClock clock = new MutableClock();
        try (LocalBus bus = LocalBus.builder().maxAge(Duration.ofMinutes(10)).clock(clock).build()) {
            List<String> got = new CopyOnWriteArrayList<>();
            Subscription sub = bus.subscribeEvents("aged", bus.subjects().events(), Duration.ofSeconds(30), e -> {
                got.add(new String(e.data(), StandardCharsets.UTF_8));
                e.ack();
            });
            sub.close();
            bus.publishEvent(bus.subjects().deviceNew("a"), bytes("old")).get();
            clock.now = clock.now.plus(Duration.ofMinutes(11));
            bus.publishEvent(bus.subjects().deviceNew("b"), bytes("new")).get();
            assertThat(bus.retainedEvents()).isEqualTo(1);
            bus.subscribeEvents("aged", bus.subjects().events(), Duration.ofSeconds(30), e -> {
                got.add(new String(e.data(), StandardCharsets.UTF_8));
                e.ack();
            });
            await().atMost(Duration.ofSeconds(5)).until(() -> got.contains("new"));
            assertThat(got).containsExactly("new");
        }
    }

    @Test
    void deliveryPausesAtMaxAckPendingAndResumesOnAck() throws Exception {
        try (LocalBus bus = LocalBus.builder().maxAckPending(2).build()) {
            List<Event> held = new CopyOnWriteArrayList<>();
            bus.subscribeEvents("slow", bus.subjects().events(), Duration.ofSeconds(30), held::add);
            for (int i = 1; i <= 5; i++) {
                bus.publishEvent(bus.subjects().deviceNew("d" + i), bytes("e" + i)).get();
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> held.size() == 2);
            await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5)).until(() -> held.size() == 2);
            held.get(0).ack();
            await().atMost(Duration.ofSeconds(5)).until(() -> held.size() == 3);
        }
    }

    @Test
    void listenerSeesEveryRequestOutcome() throws Exception {
        List<BusListener.Outcome> outcomes = new CopyOnWriteArrayList<>();
        BusListener listener = new BusListener() {
            @Override
            public void onRequest(String subject, long nanos, Outcome outcome) {
                assertThat(nanos).isNotNegative();
                outcomes.add(outcome);
            }
        };
        try (LocalBus bus = LocalBus.builder().listener(listener).build()) {
            bus.subscribe("coral.echo", null, m -> bus.reply(m, m.data()));
            bus.subscribe("coral.silent", null, m -> {});
            bus.request("coral.echo", bytes("x"), Duration.ofSeconds(5)).get(5, TimeUnit.SECONDS);
            try {
                bus.request("coral.silent", bytes("x"), Duration.ofMillis(50)).get(5, TimeUnit.SECONDS);
            } catch (ExecutionException expected) {
                assertThat(expected).cause().isInstanceOf(RequestTimeoutException.class);
            }
            bus.request("coral.nobody", bytes("x"), Duration.ofSeconds(5));
            await().atMost(Duration.ofSeconds(5)).until(() -> outcomes.size() == 3);
            assertThat(outcomes).containsExactlyInAnyOrder(
                    BusListener.Outcome.OK, BusListener.Outcome.TIMEOUT, BusListener.Outcome.NO_RESPONDER);
        }
    }

    @Test
    void pendingRequestsFailWhenTheBusCloses() {
        LocalBus bus = new LocalBus();
        bus.subscribe("coral.silent", null, m -> {});
        var f = bus.request("coral.silent", bytes("x"), Duration.ofSeconds(30));
        bus.close();
        assertThat(f).isCompletedExceptionally();
    }
}
