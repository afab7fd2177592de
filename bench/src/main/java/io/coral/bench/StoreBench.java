package io.coral.bench;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.ReplaceOptions;
import io.coral.store.Device;
import io.coral.store.DeviceStatus;
import io.coral.store.embedded.EmbeddedMongo;
import io.coral.store.mongo.MongoStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import org.bson.Document;
import org.slf4j.LoggerFactory;

/**
 * Device store throughput on the embedded MongoDB-wire server, memory and H2 file backends, 1 and 4 threads:
 * <ul>
 *   <li>raw: the driver's replaceOne-upsert of a ~1 KB device document by sn (the ceiling in perf-facts.md);</li>
 *   <li>upsertCwmp: what the ACS does per Inform (one findOneAndUpdate with $set/$max/$setOnInsert);</li>
 *   <li>touchAll: coalesced last-contact updates, bulk writes of 1,000.</li>
 * </ul>
 * Each scenario gets a fresh server prefilled with the key space, so every upsert updates an existing device
 * (periodic informs) and the H2 file starts small each time.
 *
 * <p>Run: {@code java -cp ... io.coral.bench.StoreBench [seconds-per-scenario=8] [devices=10000]}
 */
public final class StoreBench {

    private static final int WARMUP_SECONDS = 2;
    private static final String PADDING = "x".repeat(600);

    private final int seconds;
    private final int devices;

    private StoreBench(int seconds, int devices) {
        this.seconds = seconds;
        this.devices = devices;
    }

    public static void main(String[] args) throws Exception {
        quietLogging();
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int devices = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        new StoreBench(seconds, devices).run();
    }

    private void run() throws Exception {
        System.out.printf("StoreBench: %d s per scenario (+%d s warm-up), %d devices, %d cores, Java %s%n", seconds,
                WARMUP_SECONDS, devices, Runtime.getRuntime().availableProcessors(), Runtime.version());
        System.out.printf("%-8s %-12s %8s %14s%n", "backend", "scenario", "threads", "ops/s");
        for (String backend : List.of("memory", "h2")) {
            for (int threads : new int[] {1, 4}) {
                report(backend, "raw-upsert", threads, measure(backend, threads, this::rawUpsert));
                report(backend, "upsertCwmp", threads, measure(backend, threads, this::storeUpsert));
            }
            report(backend, "touchAll", 1, measure(backend, 1, this::touchBatch));
        }
    }

    private static void report(String backend, String scenario, int threads, double rate) {
        System.out.printf("%-8s %-12s %8d %,14.0f%n", backend, scenario, threads, rate);
    }

    /** One unit of work; returns how many device writes it made. */
    private interface Op {
        int run(MongoStore store, MongoCollection<Document> raw);
    }

    private double measure(String backend, int threads, Op op) throws Exception {
        Path dir = "h2".equals(backend) ? Files.createTempDirectory("coral-storebench") : null;
        EmbeddedMongo em = dir == null ? EmbeddedMongo.inMemory() : EmbeddedMongo.fileBacked(dir);
        try (MongoClient client = MongoClients.create(em.uri())) {
            MongoStore store = MongoStore.open(client, "bench");
            prefill(store);
            MongoCollection<Document> raw = client.getDatabase("bench").getCollection("raw_devices");
            runFor(WARMUP_SECONDS, threads, store, raw, op);
            return runFor(seconds, threads, store, raw, op) / (double) seconds;
        } finally {
            em.close();
            if (dir != null) {
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    private long runFor(int secs, int threads, MongoStore store, MongoCollection<Document> raw, Op op)
            throws InterruptedException {
        LongAdder done = new LongAdder();
        long deadline = System.nanoTime() + secs * 1_000_000_000L;
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            workers.add(Thread.ofPlatform().start(() -> {
                while (System.nanoTime() < deadline) {
                    done.add(op.run(store, raw));
                }
            }));
        }
        for (Thread t : workers) {
            t.join();
        }
        return done.sum();
    }

    private void prefill(MongoStore store) {
        List<Device> all = new ArrayList<>(devices);
        Instant now = Instant.now();
        for (int i = 0; i < devices; i++) {
            all.add(new Device(sn(i), "R1", "Acme", "1.0", "IGD", "00D09E", null, DeviceStatus.ONLINE, "TR-181",
                    cwmp(now), null, now, now));
        }
        store.devices().saveAll(all);
    }

    private static Device.CwmpInfo cwmp(Instant now) {
        return new Device.CwmpInfo(DeviceStatus.ONLINE, "http://10.1.2.3:7547/cr", null, null, 300, "cwmp-1-4",
                "10.1.2.3", now);
    }

    private String randomSn() {
        return sn(ThreadLocalRandom.current().nextInt(devices));
    }

    private static String sn(int i) {
        return String.format("BENCH%08d", i);
    }

    private int rawUpsert(MongoStore store, MongoCollection<Document> raw) {
        String sn = randomSn();
        Document doc = new Document("_id", sn).append("sn", sn).append("vendor", "Acme").append("model", "R1")
                .append("version", "1.0").append("product_class", "IGD").append("oui", "00D09E").append("status", 2)
                .append("cwmp", new Document("status", 2).append("connection_request_url", "http://10.1.2.3:7547/cr")
                        .append("periodic_inform_interval_sec", 300L).append("last_inform", new java.util.Date()))
                .append("last_contact", new java.util.Date()).append("padding", PADDING);
        raw.replaceOne(eq("_id", sn), doc, new ReplaceOptions().upsert(true));
        return 1;
    }

    private int storeUpsert(MongoStore store, MongoCollection<Document> raw) {
        store.devices().upsertCwmp(randomSn(), "00D09E", "IGD", "Acme", "R1", "1.0", "TR-181", cwmp(Instant.now()));
        return 1;
    }

    private int touchBatch(MongoStore store, MongoCollection<Document> raw) {
        Map<String, Instant> batch = new HashMap<>();
        Instant now = Instant.now();
        while (batch.size() < 1000) {
            batch.put(randomSn(), now);
        }
        store.devices().touchAll(batch);
        return batch.size();
    }

    /** logback (on the classpath through the platform) logs DEBUG by default; the benchmark wants quiet. */
    private static void quietLogging() {
        if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }
}
