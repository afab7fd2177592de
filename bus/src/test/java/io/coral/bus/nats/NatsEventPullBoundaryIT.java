package io.coral.bus.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coral.bus.Subscription;
import io.coral.bus.testing.NatsServerFixture;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Events that reach the server at the end of a pull. The subscriber talks to the server through a relay that holds
 * its bytes for a while, so every pull reaches the server later than the client starts timing it, and the server
 * still hands events to a pull the client has stopped waiting for. Those events must be read by the next pull, not
 * wait for the ack wait (30 s here, as in the script engine) to be redelivered.
 */
class NatsEventPullBoundaryIT {
    private static final Duration ACK_WAIT = Duration.ofSeconds(30);

    NatsServerFixture server;
    SlowUplink uplink;
    String prefix;
    NatsBus publisher;
    NatsBus subscriber;

    @BeforeEach
    void start() throws IOException {
        server = NatsServerFixture.shared();
        URI url = URI.create(server.url());
        uplink = new SlowUplink(url.getHost(), url.getPort(), Duration.ofMillis(60));
        prefix = "pb" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        publisher = NatsBus.builder().url(server.url()).prefix(prefix).build();
        subscriber = NatsBus.builder().url("nats://127.0.0.1:" + uplink.port()).prefix(prefix).build();
    }

    @AfterEach
    void stop() throws Exception {
        subscriber.close();
        publisher.close();
        uplink.close();
        try (Connection nc = Nats.connect(server.url())) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            if (jsm.getStreamNames().contains(publisher.streamName())) {
                jsm.deleteStream(publisher.streamName());
            }
        }
    }

    @Test
    void eventsArrivingAsAPullExpiresAreNotLeftForTheAckWait() throws Exception {
        Map<Integer, Long> deliveries = new ConcurrentHashMap<>();
        AtomicInteger redelivered = new AtomicInteger();
        try (Subscription sub = subscriber.subscribeEvents("boundary", prefix + ".events.>", ACK_WAIT, e -> {
            deliveries.merge(Integer.parseInt(new String(e.data(), StandardCharsets.UTF_8)), 1L, Long::sum);
            if (e.deliveryCount() > 1) {
                redelivered.incrementAndGet();
            }
            e.ack();
        })) {
            // fewer events per second than a pull asks for: every pull ends by expiring, 4 s = 4 pull boundaries
            int count = 200;
            AtomicInteger next = new AtomicInteger();
            List<Throwable> failures = new CopyOnWriteArrayList<>();
            ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
            try {
                pacer.scheduleAtFixedRate(() -> {
                    int i = next.getAndIncrement();
                    if (i < count) {
                        publisher.publishEvent(prefix + ".events.b." + i, String.valueOf(i).getBytes(StandardCharsets.UTF_8))
                                .exceptionally(t -> {
                                    failures.add(t);
                                    return null;
                                });
                    }
                }, 0, 20, TimeUnit.MILLISECONDS);
                await().atMost(Duration.ofSeconds(20)).until(() -> next.get() >= count);
            } finally {
                pacer.shutdownNow();
            }
            assertThat(failures).isEmpty();

            // well within the ack wait: an event dropped by the subscriber would only come back after 30 s
            Set<Integer> all = IntStream.range(0, count).boxed().collect(Collectors.toSet());
            await().atMost(Duration.ofSeconds(8)).untilAsserted(() -> {
                Set<Integer> missing = new TreeSet<>(all);
                missing.removeAll(deliveries.keySet());
                assertThat(missing).as("events not delivered (they would come back after the ack wait)").isEmpty();
            });
            assertThat(redelivered.get()).isZero();
            assertThat(deliveries.values()).allMatch(n -> n == 1L);
        }
    }

    /** A TCP relay that holds every client-to-server byte for a fixed delay (server-to-client bytes pass at once). */
    static final class SlowUplink implements AutoCloseable {
        private record Chunk(long dueNanos, byte[] data) {}

        private static final Chunk EOF = new Chunk(0, new byte[0]);

        private final ServerSocket listener;
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();

        SlowUplink(String host, int port, Duration delay) throws IOException {
            listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread.ofVirtual().name("slow-uplink-accept").start(() -> {
                while (!listener.isClosed()) {
                    try {
                        Socket client = listener.accept();
                        Socket upstream = new Socket(host, port);
                        client.setTcpNoDelay(true);
                        upstream.setTcpNoDelay(true);
                        sockets.add(client);
                        sockets.add(upstream);
                        relay(upstream.getInputStream(), client.getOutputStream(), 0);
                        relay(client.getInputStream(), upstream.getOutputStream(), delay.toNanos());
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        int port() {
            return listener.getLocalPort();
        }

        private static void relay(InputStream in, OutputStream out, long delayNanos) {
            BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
            Thread.ofVirtual().start(() -> {
                byte[] buf = new byte[64 * 1024];
                try {
                    for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                        queue.add(new Chunk(System.nanoTime() + delayNanos, Arrays.copyOf(buf, n)));
                    }
                } catch (IOException ignored) {
                    // the connection is gone: the writer ends too
                }
                queue.add(EOF);
            });
            Thread.ofVirtual().start(() -> {
                try {
                    for (Chunk c = queue.take(); c != EOF; c = queue.take()) {
                        for (long left = c.dueNanos - System.nanoTime(); left > 0; left = c.dueNanos - System.nanoTime()) {
                            LockSupport.parkNanos(left);
                        }
                        out.write(c.data);
                        out.flush();
                    }
                    out.close();
                } catch (IOException | InterruptedException ignored) {
                    // the other side is gone
                }
            });
        }

        @Override
        public void close() throws IOException {
            listener.close();
            for (Socket s : sockets) {
                s.close();
            }
        }
    }
}
