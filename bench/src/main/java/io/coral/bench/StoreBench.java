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
 * Per backend one server, prefilled with the key space (both the store's devices and the raw collection), so
 * every upsert updates an existing device as periodic informs do. Raw and store runs alternate in rounds and the
 * median is reported, so their ratio is measured side by side even on a noisy machine.
 *
 * <p>Run: {@code java -cp ... io.coral.bench.StoreBench [seconds-per-run=4] [devices=10000] [rounds=3] [memory,h2]}
 */
public final class StoreBench {

    private static final int WARMUP_SECONDS = 2;
    private static final String PADDING = "x".repeat(600);

    private final int seconds;
    private final int devices;
    private final int rounds;

    private final List<String> backends;

    private StoreBench(int seconds, int devices, int rounds, List<String> backends) {
        this.seconds = seconds;
        this.devices = devices;
        this.rounds = rounds;
        this.backends = backends;
    }

    public static void main(String[] args) throws Exception {
        quietLogging();
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        int devices = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        List<String> backends = List.of((args.length > 3 ? args[3] : "memory,h2").split(","));
        new StoreBench(seconds, devices, rounds, backends).run();
    }

    private void run() throws Exception {
        System.out.printf("StoreBench: %d rounds x %d s per run, %d devices, %d cores, Java %s%n", rounds, seconds,
                devices, Runtime.getRuntime().availableProcessors(), Runtime.version());
        System.out.printf("%-7s %-8s %12s %14s %8s   %s%n", "backend", "threads", "raw upsert/s", "upsertCwmp/s",
                "ratio", "rounds (raw/store)");
        for (String backend : backends) {
            Path dir = "h2".equals(backend) ? Files.createTempDirectory("coral-storebench") : null;
            EmbeddedMongo em = dir == null ? EmbeddedMongo.inMemory() : EmbeddedMongo.fileBacked(dir);
            try {
                try (MongoClient client = MongoClients.create(em.uri())) {
                    MongoStore store = MongoStore.open(client, "bench");
                    MongoCollection<Document> raw = client.getDatabase("bench").getCollection("raw_devices");
                    prefill(store, raw);
                    for (int threads : new int[] {1, 4}) {
                        runFor(WARMUP_SECONDS, threads, store, raw, this::rawUpsert);
                        runFor(WARMUP_SECONDS, threads, store, raw, this::storeUpsert);
                        List<Double> rawRates = new ArrayList<>();
                        List<Double> storeRates = new ArrayList<>();
                        for (int r = 0; r < rounds; r++) {
                            rawRates.add(rate(threads, store, raw, this::rawUpsert));
                            storeRates.add(rate(threads, store, raw, this::storeUpsert));
                        }
                        double rawMedian = median(rawRates);
                        double storeMedian = median(storeRates);
                        System.out.printf("%-7s %-8d %,12.0f %,14.0f %7.0f%%   %s / %s%n", backend, threads, rawMedian,
                                storeMedian, 100 * storeMedian / rawMedian, rounded(rawRates), rounded(storeRates));
                    }
                    runFor(WARMUP_SECONDS, 1, store, raw, this::touchBatch);
                    List<Double> touchRates = new ArrayList<>();
                    for (int r = 0; r < rounds; r++) {
                        touchRates.add(rate(1, store, raw, this::touchBatch));
                    }
                    System.out.printf("%-7s touchAll (batches of 1,000, 1 thread): %,.0f last-contact updates/s   %s%n",
                            backend, median(touchRates), rounded(touchRates));
                }
                if (dir != null) {
                    long before = Files.size(em.file());
                    em.close();
                    System.out.printf("h2      file %,d KB before close, %,d KB after close + compaction%n",
                            before / 1024, Files.size(em.file()) / 1024);
                }
            } finally {
                em.close();
                if (dir != null) {
                    try (Stream<Path> files = Files.walk(dir)) {
                        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                    }
                }
            }
        }
    }

    private double rate(int threads, MongoStore store, MongoCollection<Document> raw, Op op)
            throws InterruptedException {
        return runFor(seconds, threads, store, raw, op) / (double) seconds;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String rounded(List<Double> values) {
        return values.stream().map(v -> String.format("%,.0f", v)).toList().toString();
    }

    /** One unit of work; returns how many device writes it made. */
    private interface Op {
        int run(MongoStore store, MongoCollection<Document> raw);
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

    private void prefill(MongoStore store, MongoCollection<Document> raw) {
        List<Device> all = new ArrayList<>(devices);
        Instant now = Instant.now();
        for (int i = 0; i < devices; i++) {
            all.add(new Device(sn(i), "R1", "Acme", "1.0", "IGD", "00D09E", null, DeviceStatus.ONLINE, "TR-181",
                    cwmp(now), null, now, now));
        }
        store.devices().saveAll(all);
        List<Document> rawDocs = new ArrayList<>(devices);
        for (int i = 0; i < devices; i++) {
            rawDocs.add(rawDocument(sn(i)));
            if (rawDocs.size() == 1000 || i == devices - 1) {
                raw.insertMany(rawDocs);
                rawDocs.clear();
            }
        }
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
        raw.replaceOne(eq("_id", sn), rawDocument(sn), new ReplaceOptions().upsert(true));
        return 1;
    }

    /** About 1 KB on the wire, like the perf-facts ceiling's document. */
    private static Document rawDocument(String sn) {
        return new Document("_id", sn).append("sn", sn).append("vendor", "Acme").append("model", "R1")
                .append("version", "1.0").append("product_class", "IGD").append("oui", "00D09E").append("status", 2)
                .append("cwmp", new Document("status", 2).append("connection_request_url", "http://10.1.2.3:7547/cr")
                        .append("periodic_inform_interval_sec", 300L).append("last_inform", new java.util.Date()))
                .append("last_contact", new java.util.Date()).append("padding", PADDING);
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
