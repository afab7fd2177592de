package io.coral.bus.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.coral.bus.Bus;
import io.coral.bus.BusContract;
import io.coral.bus.BusException;
import io.coral.bus.BusListener;
import io.coral.bus.Subjects;
import io.coral.bus.Subscription;
import io.coral.bus.testing.NatsServerFixture;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import io.coral.bus.Message;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bus contract on a real nats-server (shared when one is available; each bus its own connection),
 * plus what only NATS has: the stream's configuration, and surviving a server restart.
 */
class NatsBusContractIT extends BusContract {
    private static NatsServerFixture server;

    @BeforeAll
    static void startServer() {
        server = NatsServerFixture.shared();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Override
    protected Bus open(Subjects subjects) {
        return NatsBus.builder().url(server.url()).prefix(subjects.prefix()).build();
    }

    @Override
    protected void flush(Bus via, String subject) {
        ((NatsBus) via).flush(Duration.ofSeconds(5));
    }

    /** A shared server outlives the test: remove this test's stream. */
    @Override
    protected void afterClose() {
        try (Connection nc = Nats.connect(server.url())) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            String stream = Subjects.EVENTS_STREAM + "_" + subjects.prefix().toUpperCase();
            if (jsm.getStreamNames().contains(stream)) {
                jsm.deleteStream(stream);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot clean up the test stream", e);
        }
    }

    @Test
    void streamIsCreatedWithFileStorageAndUpdatedWithNewLimits() throws Exception {
        NatsBus nats = (NatsBus) bus;
        JetStreamManagement jsm = nats.connection().jetStreamManagement();
        StreamConfiguration sc = jsm.getStreamInfo(nats.streamName()).getConfiguration();
        assertThat(sc.getSubjects()).containsExactly(subjects.events());
        assertThat(sc.getStorageType()).isEqualTo(StorageType.File);
        assertThat(sc.getMaxAge()).isEqualTo(Duration.ofDays(1));

        Properties props = new Properties();
        props.setProperty("coral.nats.url", server.url());
        props.setProperty("coral.nats.prefix", subjects.prefix());
        props.setProperty("coral.nats.stream-max-age", "2h");
        props.setProperty("coral.nats.stream-max-bytes", "64MiB");
        try (NatsBus updated = NatsBus.builder().properties(props).build()) {
            StreamConfiguration now = jsm.getStreamInfo(updated.streamName()).getConfiguration();
            assertThat(updated.streamName()).isEqualTo(nats.streamName());
            assertThat(now.getMaxAge()).isEqualTo(Duration.ofHours(2));
            assertThat(now.getMaxBytes()).isEqualTo(64L << 20);
        }
    }

    @Test
    void resubscribingADurableNeverDuplicatesItsConsumer() throws Exception {
        NatsBus nats = (NatsBus) bus;
        for (int i = 0; i < 3; i++) {
            Subscription s = another().subscribeEvents("dedupe", event(">"), Duration.ofSeconds(5), e -> e.ack());
            s.close();
        }
        bus.subscribeEvents("dedupe", event(">"), Duration.ofSeconds(5), e -> e.ack());
        assertThat(nats.connection().jetStreamManagement().getConsumerNames(nats.streamName())).containsExactly("dedupe");
    }

    @Test
    void durableSurvivesItsConsumerAndStreamBeingDeletedOnTheServer() throws Exception {
        NatsBus nats = (NatsBus) bus;
        JetStreamManagement jsm = nats.connection().jetStreamManagement();
        Map<String, Integer> got = new ConcurrentHashMap<>();
        bus.subscribeEvents("lost", event(">"), Duration.ofSeconds(30), e -> {
            got.merge(text(e.data()), 1, Integer::sum);
            e.ack();
        });
        get(bus.publishEvent(event("l.1"), bytes("one")));
        await().atMost(WAIT).until(() -> got.containsKey("one"));

        jsm.deleteConsumer(nats.streamName(), "lost");
        await().atMost(WAIT).ignoreExceptions().until(() -> jsm.getConsumerNames(nats.streamName()).contains("lost"));
        get(bus.publishEvent(event("l.2"), bytes("two")));
        await().atMost(WAIT).until(() -> got.containsKey("two"));

        jsm.deleteStream(nats.streamName());
        await().atMost(WAIT).ignoreExceptions().until(() -> jsm.getConsumerNames(nats.streamName()).contains("lost"));
        get(bus.publishEvent(event("l.3"), bytes("three")));
        await().atMost(WAIT).until(() -> got.containsKey("three"));
        // a recreated consumer has lost its position: it starts again at the oldest retained event (at-least-once)
        assertThat(got).containsOnlyKeys("one", "two", "three");
        assertThat(got.get("three")).isEqualTo(1);
    }

    @Test
    void publisherRecreatesALostStream() throws Exception {
        NatsBus nats = (NatsBus) bus;
        JetStreamManagement jsm = nats.connection().jetStreamManagement();
        jsm.deleteStream(nats.streamName());
        get(bus.publishEvent(event("p.1"), bytes("x")));
        assertThat(jsm.getStreamInfo(nats.streamName()).getStreamState().getMsgCount()).isEqualTo(1);
    }

    @Test
    void closingLetsRunningHandlersReply() throws Exception {
        Bus responder = another();
        CountDownLatch inHandler = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        responder.subscribe(subject("grace"), null, m -> {
            inHandler.countDown();
            release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            responder.reply(m, bytes("late"));
        });
        flush(responder, subject("grace"));
        CompletableFuture<Message> reply = bus.request(subject("grace"), bytes("x"), WAIT);
        assertThat(inHandler.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        CompletableFuture<Void> closing = CompletableFuture.runAsync(responder::close);
        release.countDown();
        assertThat(text(get(reply).data())).isEqualTo("late");
        get(closing);
    }

    @Test
    void buildWaitsForAServerThatIsStillStarting() throws Exception {
        try (NatsServerFixture own = NatsServerFixture.start()) {
            own.stop();
            CompletableFuture<NatsBus> building = CompletableFuture.supplyAsync(() -> NatsBus.builder()
                    .url(own.url()).prefix(subjects.prefix()).initialConnectWait(Duration.ofSeconds(20)).build());
            own.restart();
            try (NatsBus late = building.get(30, TimeUnit.SECONDS)) {
                assertThat(late.connection().getStatus()).isEqualTo(Connection.Status.CONNECTED);
            }
        }
    }

    @Test
    void resubscribingUpdatesTheConsumersAckWaitAndFilter() throws Exception {
        NatsBus nats = (NatsBus) bus;
        bus.subscribeEvents("change", event("a.>"), Duration.ofSeconds(30), e -> e.ack()).close();
        bus.subscribeEvents("change", event("b.>"), Duration.ofSeconds(10), e -> e.ack());
        var cfg = nats.connection().jetStreamManagement().getConsumerInfo(nats.streamName(), "change").getConsumerConfiguration();
        assertThat(cfg.getAckWait()).isEqualTo(Duration.ofSeconds(10));
        assertThat(cfg.getFilterSubject()).isEqualTo(event("b.>"));
    }

    @Test
    void unreachableServerGivesAClearError() {
        assertThatThrownBy(() -> NatsBus.builder().url("nats://127.0.0.1:1").connectTimeout(Duration.ofMillis(500)).build())
                .isInstanceOf(BusException.class).hasMessageContaining("nats://127.0.0.1:1");
    }

    @Test
    void survivesANatsServerRestartMidStream() throws Exception {
        List<Boolean> connectionChanges = new CopyOnWriteArrayList<>();
        List<BusListener.Outcome> outcomes = new CopyOnWriteArrayList<>();
        BusListener listener = new BusListener() {
            @Override
            public void onConnection(boolean connected) {
                connectionChanges.add(connected);
            }

            @Override
            public void onRequest(String subject, long nanos, Outcome outcome) {
                outcomes.add(outcome);
            }
        };
        try (NatsServerFixture own = NatsServerFixture.start();
                NatsBus service = NatsBus.builder().url(own.url()).prefix(subjects.prefix()).build();
                NatsBus client = NatsBus.builder().url(own.url()).prefix(subjects.prefix()).listener(listener).build()) {
            service.subscribe(subject("cmd.*"), "svc", m -> service.reply(m, m.data()));
            Map<String, Integer> got = new ConcurrentHashMap<>();
            service.subscribeEvents("restart", event(">"), Duration.ofSeconds(30), e -> {
                got.merge(text(e.data()), 1, Integer::sum);
                e.ack();
            });
            service.flush(WAIT);
            client.publishEvent(event("x.1"), bytes("before")).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            await().atMost(WAIT).until(() -> got.containsKey("before"));
            assertThat(text(get(client.request(subject("cmd.a"), bytes("one"), WAIT)).data())).isEqualTo("one");

            own.stop();
            await().atMost(WAIT).until(() -> client.connection().getStatus() != Connection.Status.CONNECTED);
            own.restart();
            await().atMost(Duration.ofSeconds(20)).until(() -> client.connection().getStatus() == Connection.Status.CONNECTED
                    && service.connection().getStatus() == Connection.Status.CONNECTED);

            client.publishEvent(event("x.2"), bytes("after")).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            await().atMost(Duration.ofSeconds(20)).until(() -> got.containsKey("after"));
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() ->
                    text(client.request(subject("cmd.b"), bytes("two"), Duration.ofSeconds(2)).get().data()).equals("two"));

            JetStreamManagement jsm = client.connection().jetStreamManagement();
            assertThat(jsm.getConsumerNames(client.streamName())).containsExactly("restart");
            await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> got.size() == 2);
            assertThat(got).containsOnly(Map.entry("before", 1), Map.entry("after", 1));
            assertThat(connectionChanges).containsExactly(false, true);
            assertThat(outcomes).startsWith(BusListener.Outcome.OK).endsWith(BusListener.Outcome.OK);
        }
    }
}
