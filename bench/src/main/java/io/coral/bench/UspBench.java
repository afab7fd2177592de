package io.coral.bench;

import io.coral.bus.Json;
import io.coral.bus.LocalBus;
import io.coral.bus.command.UspMsgReply;
import io.coral.bus.command.UspMsgRequest;
import io.coral.controller.LivenessProbe;
import io.coral.controller.MqttVersion;
import io.coral.controller.UspController;
import io.coral.controller.mqtt.NoDelaySocketFactory;
import io.coral.simulator.usp.UspAgent;
import io.coral.simulator.usp.UspFleet;
import io.coral.store.embedded.EmbeddedMongo;
import io.coral.store.mongo.MongoStore;
import io.coral.usp.UspCodec;
import io.coral.usp.UspJson;
import io.coral.usp.UspRecords;
import io.coral.usp.UspRequests;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * USP Get round trips per second through Mosquitto, with 1,000 simulated agents (the simulator's
 * UspFleet, MQTT 5, QoS 1): Coral's controller driven from the bus ({@code usp.msg.<sn>} on a LocalBus,
 * response as protobuf JSON) next to a bare Paho ping-pong (one raw Paho client publishing pre-encoded
 * Get records to the same agents and counting replies). Rounds alternate between the two so machine
 * noise hits both; the ratio is the median of per-round ratios. Both sides keep the same number of
 * requests in flight, spread round-robin over the agents.
 *
 * <pre>
 * mvn -q -o -pl bench -am -DskipTests package dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp bench/target/classes:$(cat bench/target/cp.txt) io.coral.bench.UspBench \
 *     [--broker tcp://127.0.0.1:1883 (default: start mosquitto on a free port)] [--agents 1000] [--inflight 64]
 *     [--seconds 5] [--rounds 3] [--warmup 5]
 * </pre>
 */
public final class UspBench {
    private static final String CONTROLLER_ID = "proto::coral-bench";
    private static final String CONTROLLER_TOPIC = "usp/controller/bench";
    private static final String RAW_TOPIC = "usp/controller/bench-raw";
    private static final String PARAM = "Device.DeviceInfo.SoftwareVersion";

    interface Side {
        /** Runs {@code inflight} requests at a time for {@code seconds}; returns round trips per second. */
        double run(int inflight, int seconds) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        String broker = null;
        int agents = 1000;
        int inflight = 64;
        int seconds = 5;
        int rounds = 3;
        int warmup = 5;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--broker" -> broker = args[++i];
                case "--agents" -> agents = Integer.parseInt(args[++i]);
                case "--inflight" -> inflight = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("usage: UspBench [--broker tcp://host:1883] [--agents N] [--inflight N] [--seconds N] [--rounds N] [--warmup N]");
                    System.exit(2);
                }
            }
        }
        Process mosquitto = null;
        if (broker == null) {
            int port = freePort();
            mosquitto = startMosquitto(port);
            broker = "tcp://127.0.0.1:" + port;
        }
        try {
            run(broker, agents, inflight, seconds, rounds, warmup);
        } finally {
            if (mosquitto != null) {
                mosquitto.destroy();
            }
        }
        System.exit(0);
    }

    private static void run(String broker, int agentCount, int inflight, int seconds, int rounds, int warmup) throws Exception {
        try (EmbeddedMongo mongo = EmbeddedMongo.inMemory();
                MongoStore store = MongoStore.open(mongo.uri());
                LocalBus bus = LocalBus.builder().maxEvents(10_000).build();
                UspController controller = UspController.builder().bus(bus).store(store).mqttUrl(broker)
                        .mqttVersion(MqttVersion.V5).endpointId(CONTROLLER_ID).controllerTopic(CONTROLLER_TOPIC)
                        .bootSubscription(false).livenessProbe(LivenessProbe.NONE).requestTimeout(Duration.ofSeconds(30))
                        .build().start();
                UspFleet fleet = UspFleet.builder().brokerUrl(broker).count(agentCount).prefix("BENCH")
                        .controllerId(CONTROLLER_ID).controllerTopic(CONTROLLER_TOPIC).mqttVersion("5").qos(1)
                        .rampPerSecond(500).build()) {
            fleet.start();
            List<String> eids = fleet.agents().stream().map(UspAgent::endpointId).toList();
            Instant deadline = Instant.now().plusSeconds(120);
            while (store.devices().count() < eids.size() || eids.stream().anyMatch(e -> controller.agent(e).isEmpty())) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("only " + store.devices().count() + " of " + eids.size() + " agents registered");
                }
                Thread.sleep(200);
            }
            Thread.sleep(2000); // let the DeviceInfo reads that follow first sight finish

            try (RawPingPong raw = new RawPingPong(broker, eids)) {
                Side rawSide = raw::run;
                Side coral = (n, s) -> coralRun(bus, eids, n, s);
                System.out.printf(Locale.ROOT, "UspBench: %s, %d agents (MQTT 5, QoS 1), %d in flight, %d rounds of %d s per side, "
                        + "%d cores, JDK %s, %s%n", broker, eids.size(), inflight, rounds, seconds,
                        Runtime.getRuntime().availableProcessors(), Runtime.version(), Instant.now());
                rawSide.run(inflight, warmup);
                coral.run(inflight, warmup);
                double[] ratios = new double[rounds];
                double rawSum = 0;
                double coralSum = 0;
                System.out.println("| round | bare Paho rt/s | Coral (bus → controller → agent) rt/s | Coral / bare |");
                System.out.println("|---|---|---|---|");
                for (int r = 0; r < rounds; r++) {
                    double a = rawSide.run(inflight, seconds);
                    double b = coral.run(inflight, seconds);
                    ratios[r] = b / a;
                    rawSum += a;
                    coralSum += b;
                    System.out.printf(Locale.ROOT, "| %d | %,.0f | %,.0f | %.1f %% |%n", r + 1, a, b, 100 * b / a);
                }
                Arrays.sort(ratios);
                System.out.printf(Locale.ROOT, "| mean | %,.0f | %,.0f | median ratio %.1f %% |%n", rawSum / rounds, coralSum / rounds,
                        100 * ratios[rounds / 2]);
                System.out.printf(Locale.ROOT, "controller: %d records received, %d rejected%n", controller.receivedRecords(),
                        controller.rejectedRecords());
            }
        }
    }

    /** {@code inflight} virtual threads, each a loop of blocking bus requests to the next agent. */
    private static double coralRun(LocalBus bus, List<String> eids, int inflight, int seconds) throws Exception {
        byte[] request = Json.encode(new UspMsgRequest(UspJson.toJson(UspRequests.get(PARAM).msgId("").build()), 10_000L));
        LongAdder done = new LongAdder();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < inflight; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                while (!stop.get()) {
                    String eid = eids.get(Math.floorMod(next.getAndIncrement(), eids.size()));
                    try {
                        UspMsgReply r = bus.request(bus.subjects().uspMsg(eid), request, Duration.ofSeconds(15))
                                .get(15, TimeUnit.SECONDS).decode(UspMsgReply.class);
                        if (r.error() != null || r.msg() == null) {
                            errors.incrementAndGet();
                        } else {
                            done.increment();
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                }
            }));
        }
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        long elapsed = System.nanoTime() - t0;
        for (Thread t : threads) {
            t.join();
        }
        if (errors.get() > 0) {
            System.out.println("  (coral side: " + errors.get() + " errors)");
        }
        return done.sum() * 1e9 / elapsed;
    }

    /** The ceiling: a bare Paho MQTT 5 client sending pre-encoded Get records and counting the replies. */
    static final class RawPingPong implements AutoCloseable {
        private final MqttAsyncClient client;
        private final byte[][] records;
        private final String[] topics;
        private final Semaphore window = new Semaphore(0);
        private final LongAdder replies = new LongAdder();

        RawPingPong(String broker, List<String> eids) throws Exception {
            records = new byte[eids.size()][];
            topics = new String[eids.size()];
            for (int i = 0; i < eids.size(); i++) {
                topics[i] = "usp/agent/" + eids.get(i);
                records[i] = UspCodec.encode(UspRecords.noSessionContext(eids.get(i), CONTROLLER_ID,
                        UspRequests.get(PARAM).msgId("raw-" + i).build()));
            }
            client = new MqttAsyncClient(broker, "bench-raw-" + System.nanoTime(), new MemoryPersistence());
            client.setCallback(new MqttCallback() {
                @Override public void disconnected(MqttDisconnectResponse r) { System.err.println("raw client disconnected: " + r); }
                @Override public void mqttErrorOccurred(MqttException e) { }
                @Override public void messageArrived(String topic, MqttMessage m) {
                    replies.increment();
                    window.release();
                }
                @Override public void deliveryComplete(IMqttToken t) { }
                @Override public void connectComplete(boolean r, String u) { }
                @Override public void authPacketArrived(int c, MqttProperties p) { }
            });
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setCleanStart(true);
            o.setSocketFactory(new NoDelaySocketFactory());
            o.setReceiveMaximum(1000);
            client.connect(o).waitForCompletion(10_000);
            client.subscribe(RAW_TOPIC, 1).waitForCompletion(10_000);
        }

        double run(int inflight, int seconds) throws Exception {
            window.drainPermits();
            window.release(inflight);
            long start = replies.sum();
            long t0 = System.nanoTime();
            long end = t0 + seconds * 1_000_000_000L;
            int i = 0;
            while (System.nanoTime() < end) {
                if (!window.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    continue;
                }
                MqttMessage m = new MqttMessage(records[i++ % records.length]);
                m.setQos(1);
                MqttProperties p = new MqttProperties();
                p.setContentType("usp.msg");
                p.setResponseTopic(RAW_TOPIC);
                m.setProperties(p);
                client.publish(topics[(i - 1) % topics.length], m);
            }
            long elapsed = System.nanoTime() - t0;
            double rate = (replies.sum() - start) * 1e9 / elapsed;
            // let the last replies drain before the other side starts
            window.tryAcquire(inflight, 5, TimeUnit.SECONDS);
            return rate;
        }

        @Override
        public void close() throws Exception {
            client.disconnect().waitForCompletion(5000);
            client.close();
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static Process startMosquitto(int port) throws Exception {
        Path dir = Files.createTempDirectory("coral-bench-mosquitto");
        Path conf = dir.resolve("mosquitto.conf");
        Files.writeString(conf, String.join("\n", "listener " + port + " 127.0.0.1", "allow_anonymous true",
                "set_tcp_nodelay true", "persistence false", "max_inflight_messages 100", "max_queued_messages 100000",
                "max_connections -1", ""));
        Process p = new ProcessBuilder("mosquitto", "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
        Instant deadline = Instant.now().plusSeconds(10);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return p;
            } catch (java.io.IOException e) {
                if (Instant.now().isAfter(deadline) || !p.isAlive()) {
                    throw new IllegalStateException("mosquitto did not start: " + Files.readString(dir.resolve("mosquitto.log")));
                }
                Thread.sleep(50);
            }
        }
    }
}
