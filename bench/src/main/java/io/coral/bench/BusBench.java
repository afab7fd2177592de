package io.coral.bench;

import io.coral.bus.nats.NatsBus;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Request/reply round trips per second: NatsBus against raw jnats, same server, same run, in many short
 * alternating rounds so that machine noise hits every side alike (the ratio is the median of the per-round
 * ratios). Each side has its own responder and requester connections; the responder echoes the payload.
 * A third column runs NatsBus with the client's threads on platform threads (its JDK 21-23 default).
 *
 * <pre>
 * java -cp bench/target/bench-0.1.0-SNAPSHOT.jar:$(cat bench/target/cp.txt) io.coral.bench.BusBench \
 *     [--url nats://127.0.0.1:4222] [--seconds 2] [--warmup 2] [--rounds 7] [--payload 64]
 * </pre>
 */
public final class BusBench {

    interface Requester {
        void roundTrip(byte[] data) throws Exception;
    }

    private final String url;
    private final int seconds;
    private final int warmup;
    private final int rounds;
    private final byte[] payload;

    private BusBench(String url, int seconds, int warmup, int rounds, int payloadSize) {
        this.url = url;
        this.seconds = seconds;
        this.warmup = warmup;
        this.rounds = rounds;
        this.payload = new byte[payloadSize];
    }

    public static void main(String[] args) throws Exception {
        String url = System.getenv().getOrDefault("CORAL_BENCH_NATS_URL", "nats://127.0.0.1:4222");
        int seconds = 2;
        int warmup = 2;
        int rounds = 7;
        int payload = 64;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--url" -> url = args[++i];
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--payload" -> payload = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("usage: BusBench [--url nats://host:4222] [--seconds N] [--warmup N] [--rounds N] [--payload BYTES]");
                    System.exit(2);
                }
            }
        }
        new BusBench(url, seconds, warmup, rounds, payload).run();
    }

    private void run() throws Exception {
        Options opts = new Options.Builder().server(url).build();
        try (Connection rawResponder = Nats.connect(opts);
                Connection rawClient = Nats.connect(opts);
                NatsBus busResponder = NatsBus.builder().url(url).prefix("bench").build();
                NatsBus busClient = NatsBus.builder().url(url).prefix("bench").build();
                NatsBus ptResponder = NatsBus.builder().url(url).prefix("bench").virtualThreadClient(false).build();
                NatsBus ptClient = NatsBus.builder().url(url).prefix("bench").virtualThreadClient(false).build()) {
            Dispatcher d = rawResponder.createDispatcher(m -> rawResponder.publish(m.getReplyTo(), m.getData()));
            d.subscribe("benchraw.echo", "echo");
            rawResponder.flush(Duration.ofSeconds(5));
            busResponder.subscribe("bench.echo", "echo", m -> busResponder.reply(m, m.data()));
            busResponder.flush(Duration.ofSeconds(5));
            ptResponder.subscribe("bench.pt.echo", "echo", m -> ptResponder.reply(m, m.data()));
            ptResponder.flush(Duration.ofSeconds(5));

            Duration timeout = Duration.ofSeconds(5);
            Requester raw = data -> {
                io.nats.client.Message reply = rawClient.request("benchraw.echo", data, timeout);
                if (reply == null) {
                    throw new IllegalStateException("raw request timed out");
                }
            };
            Requester bus = data -> busClient.request("bench.echo", data, timeout).get(5, TimeUnit.SECONDS);
            Requester busPt = data -> ptClient.request("bench.pt.echo", data, timeout).get(5, TimeUnit.SECONDS);

            System.out.printf(Locale.ROOT, "BusBench: %s, payload %d B, %d rounds of %d s per side, %d cores, JDK %s, %s%n",
                    url, payload.length, rounds, seconds, Runtime.getRuntime().availableProcessors(),
                    Runtime.version(), Instant.now());
            System.out.println("| in flight | raw jnats rt/s | NatsBus rt/s | ratio (median of rounds) | NatsBus, platform-thread client rt/s | ratio |");
            System.out.println("|---|---|---|---|---|---|");
            for (int inFlight : new int[] {1, 16}) {
                measure(raw, inFlight, warmup);
                measure(bus, inFlight, warmup);
                measure(busPt, inFlight, warmup);
                double[] rawRates = new double[rounds];
                double[] busRatios = new double[rounds];
                double[] ptRatios = new double[rounds];
                double rawSum = 0;
                double busSum = 0;
                double ptSum = 0;
                for (int r = 0; r < rounds; r++) {
                    double rr = measure(raw, inFlight, seconds);
                    double br = measure(bus, inFlight, seconds);
                    double pr = measure(busPt, inFlight, seconds);
                    rawRates[r] = rr;
                    busRatios[r] = br / rr;
                    ptRatios[r] = pr / rr;
                    rawSum += rr;
                    busSum += br;
                    ptSum += pr;
                }
                System.out.printf(Locale.ROOT, "| %d | %,.0f | %,.0f | %.1f %% | %,.0f | %.1f %% |%n",
                        inFlight, rawSum / rounds, busSum / rounds, 100 * median(busRatios),
                        ptSum / rounds, 100 * median(ptRatios));
            }
        }
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        java.util.Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** Round trips per second with {@code inFlight} requester loops for {@code secs} seconds. */
    private double measure(Requester requester, int inFlight, int secs) throws InterruptedException {
        LongAdder done = new LongAdder();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> loops = new ArrayList<>();
        for (int i = 0; i < inFlight; i++) {
            loops.add(Thread.ofPlatform().daemon().name("requester-" + i).start(() -> {
                while (running.get()) {
                    try {
                        requester.roundTrip(payload);
                        done.increment();
                    } catch (Exception e) {
                        System.err.println("request failed: " + e);
                    }
                }
            }));
        }
        long start = System.nanoTime();
        Thread.sleep(secs * 1000L);
        long count = done.sum();
        long elapsed = System.nanoTime() - start;
        running.set(false);
        for (Thread t : loops) {
            t.join();
        }
        return count * 1e9 / elapsed;
    }
}
