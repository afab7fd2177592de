package io.coral.bench;

import io.coral.simulator.cwmp.CwmpFleet;
import io.coral.simulator.stats.FleetStats;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * 10,000 simulated CWMP CPEs in one JVM against a minimal in-process ACS stub (Jetty, canned InformResponse,
 * 204 for the empty POST):
 * <ol>
 *   <li>memory: heap after GC with every CPE bootstrapped and idle, minus the heap before the fleet, per device;</li>
 *   <li>sustained sessions (Inform → InformResponse → empty POST → 204) per second with a short periodic interval,
 *       next to a bare loop of the same two HTTP exchanges on the same kind of client (the ceiling), in one run.</li>
 * </ol>
 * Run: {@code java -Xmx2g -cp ... io.coral.bench.SimulatorBench [--devices 10000] [--interval 2] [--seconds 30]
 * [--ramp 2000] [--raw-loops 64]}
 */
public final class SimulatorBench {
    private static final byte[] INFORM_MARK = "Inform>".getBytes(StandardCharsets.US_ASCII);

    public static void main(String[] args) throws Exception {
        int devices = intArg(args, "--devices", 10_000);
        int interval = intArg(args, "--interval", 2);
        int seconds = intArg(args, "--seconds", 30);
        int ramp = intArg(args, "--ramp", 2000);
        int rawLoops = intArg(args, "--raw-loops", 64);

        LongAdder informs = new LongAdder();
        Server acs = stub(informs);
        String url = "http://127.0.0.1:" + ((ServerConnector) acs.getConnectors()[0]).getLocalPort() + "/";
        System.out.printf("ACS stub on %s; %d devices, interval %d s, %d s measured%n", url, devices, interval, seconds);

        // 1. memory per idle device
        long before = heapAfterGc();
        long perDevice;
        try (CwmpFleet fleet = CwmpFleet.builder().acsUrl(url).count(devices).model("tr181").periodicInterval(3600)
                .rampPerSecond(ramp).build()) {
            long t0 = System.nanoTime();
            fleet.start();
            waitFor(() -> fleet.stats().snapshot().sessions() >= devices, Duration.ofMinutes(5));
            double bootSeconds = (System.nanoTime() - t0) / 1e9;
            long after = heapAfterGc();
            perDevice = (after - before) / devices;
            FleetStats.Snapshot s = fleet.stats().snapshot();
            System.out.printf(Locale.ROOT, "bootstrap: %d sessions in %.1f s, p50 %.1f ms, p99 %.1f ms, errors %s%n",
                    s.sessions(), bootSeconds, s.p50Micros() / 1000.0, s.p99Micros() / 1000.0, s.errors());
            System.out.printf(Locale.ROOT, "memory: heap %d MB before, %d MB with %d idle CPEs -> %,d bytes per device%n",
                    before >> 20, after >> 20, devices, perDevice);
        }

        // 2. sustained periodic informs, then the bare client loop on the same stub
        double simRate;
        FleetStats.Snapshot sim;
        try (CwmpFleet fleet = CwmpFleet.builder().acsUrl(url).count(devices).model("tr181").periodicInterval(interval)
                .rampPerSecond(ramp).build()) {
            fleet.start();
            waitFor(() -> fleet.stats().snapshot().sessions() >= devices, Duration.ofMinutes(5));
            Thread.sleep(interval * 1000L);
            long i0 = informs.sum();
            FleetStats.Snapshot s0 = fleet.stats().snapshot();
            Thread.sleep(seconds * 1000L);
            sim = fleet.stats().snapshot();
            simRate = (sim.sessions() - s0.sessions()) * 1000.0 / (sim.elapsedMillis() - s0.elapsedMillis());
            System.out.printf(Locale.ROOT, "simulator: %.0f sessions/s (ACS saw %.0f informs/s; demand %d/s), p50 %.1f ms, "
                            + "p99 %.1f ms, errors %s%n", simRate, (informs.sum() - i0) / (double) seconds,
                    devices / interval, sim.p50Micros() / 1000.0, sim.p99Micros() / 1000.0, sim.errors());
        }
        double rawRate = rawLoop(url, rawLoops, seconds);
        System.out.printf(Locale.ROOT, "bare HttpClient loop (%d in flight): %.0f sessions/s%n", rawLoops, rawRate);
        System.out.printf(Locale.ROOT, "RESULT devices=%d bytes_per_device=%d sim_sessions_per_s=%.0f raw_sessions_per_s=%.0f "
                + "ratio=%.1f%%%n", devices, perDevice, simRate, rawRate, 100 * simRate / rawRate);
        acs.stop();
        System.exit(0);
    }

    /** Two exchanges per session, like a CPE with nothing queued: canned Inform POST, then the empty POST. */
    private static double rawLoop(String url, int loops, int seconds) throws Exception {
        byte[] inform;
        try (InputStream in = SimulatorBench.class.getResourceAsStream("/bench/cwmp-inform-tr181.xml")) {
            inform = in.readAllBytes();
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
        URI uri = URI.create(url);
        LongAdder sessions = new LongAdder();
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < loops; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                while (!stop.get()) {
                    try {
                        http.send(HttpRequest.newBuilder(uri).header("Content-Type", "text/xml; charset=utf-8")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(inform)).build(), HttpResponse.BodyHandlers.ofByteArray());
                        http.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody()).build(),
                                HttpResponse.BodyHandlers.discarding());
                        if (measuring.get()) {
                            sessions.increment();
                        }
                    } catch (Exception e) {
                        return;
                    }
                }
            }));
        }
        Thread.sleep(3000);
        measuring.set(true);
        long t0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        double rate = sessions.sum() / ((System.nanoTime() - t0) / 1e9);
        stop.set(true);
        for (Thread t : threads) {
            t.join(5000);
        }
        return rate;
    }

    private static Server stub(LongAdder informs) throws Exception {
        QueuedThreadPool pool = new QueuedThreadPool(200);
        pool.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        Server server = new Server(pool);
        ServerConnector c = new ServerConnector(server);
        c.setHost("127.0.0.1");
        c.setPort(0);
        c.setAcceptQueueSize(4096);
        server.addConnector(c);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                byte[] body = Content.Source.asInputStream(request).readAllBytes();
                if (indexOf(body, INFORM_MARK) < 0) {
                    response.setStatus(204);
                    callback.succeeded();
                    return true;
                }
                informs.increment();
                String xml = "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" "
                        + "xmlns:cwmp=\"urn:dslforum-org:cwmp-1-0\"><soapenv:Header><cwmp:ID soapenv:mustUnderstand=\"1\">"
                        + id(body) + "</cwmp:ID></soapenv:Header><soapenv:Body><cwmp:InformResponse>"
                        + "<MaxEnvelopes>1</MaxEnvelopes></cwmp:InformResponse></soapenv:Body></soapenv:Envelope>";
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/xml; charset=utf-8");
                response.write(true, ByteBuffer.wrap(xml.getBytes(StandardCharsets.UTF_8)), callback);
                return true;
            }
        });
        server.start();
        return server;
    }

    private static String id(byte[] body) {
        String s = new String(body, StandardCharsets.UTF_8);
        int i = s.indexOf(":ID");
        int start = s.indexOf('>', i) + 1;
        int end = s.indexOf('<', start);
        return i < 0 || start <= 0 || end < 0 ? "1" : s.substring(start, end);
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static void waitFor(java.util.function.BooleanSupplier done, Duration max) throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("timed out after " + max);
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    private static int intArg(String[] args, String name, int def) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return def;
    }
}
