package io.coral.bench;

import io.coral.acs.AcsServer;
import io.coral.bus.LocalBus;
import io.coral.bus.Subscription;
import io.coral.store.Store;
import io.coral.store.embedded.EmbeddedMongo;
import io.coral.store.mongo.MongoStore;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.VirtualThreadPool;
import org.slf4j.LoggerFactory;

/**
 * Complete periodic CWMP sessions per second (Inform → InformResponse, empty POST → 204, with the device
 * write and the Inform event on the bus), next to the ceiling measured in the same run: a plain Jetty
 * {@code Handler.Abstract} on the same thread pool that reads the same 3 KB POST fully, answers 600 bytes, and
 * answers the empty POST with 204 (the "two-request rate").
 *
 * <p>Both are driven by the same minimal HTTP/1.1 client (blocking sockets, TCP_NODELAY, cookies echoed), in the
 * same JVM, on the same cores. Scenarios: keep-alive (one connection per CPE worker, reused) and a new TCP
 * connection per session (as real CPEs do).
 *
 * <p>Run: {@code java -cp bench/target/classes:$(cat bench/target/cp.txt) io.coral.bench.AcsBench
 * [seconds=15] [concurrency=32] [devices=1000] [changing=false] [acs-only]}
 */
public final class AcsBench {

    private static final byte[] REPLY_600 = ("<soap:Envelope>" + "x".repeat(570) + "</soap:Envelope>")
            .getBytes(StandardCharsets.UTF_8);

    private final int seconds;
    private final int concurrency;
    private final int devices;
    private final boolean changing;
    private final boolean acsOnly;

    private AcsBench(int seconds, int concurrency, int devices, boolean changing, boolean acsOnly) {
        this.acsOnly = acsOnly;
        this.seconds = seconds;
        this.concurrency = concurrency;
        this.devices = devices;
        this.changing = changing;
    }

    public static void main(String[] args) throws Exception {
        if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(ch.qos.logback.classic.Level.WARN);
        }
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        int devices = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        boolean changing = args.length > 3 && Boolean.parseBoolean(args[3]);
        // "acs-only" shortens the raw phases to a second each: for profiling the ACS under perf or JFR.
        boolean acsOnly = args.length > 4 && "acs-only".equals(args[4]);
        new AcsBench(seconds, concurrency, devices, changing, acsOnly).run();
    }

    private void run() throws Exception {
        System.out.printf("AcsBench: %d s per scenario, %d concurrent CPEs, %d devices, %s parameter values, "
                        + "%d cores, Java %s%n", seconds, concurrency, devices, changing ? "changing" : "unchanged",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        System.out.printf("Inform body: %d bytes%n", inform("SN-000000", 0).length);

        Server raw = rawJetty();
        int rawPort = ((ServerConnector) raw.getConnectors()[0]).getLocalPort();
        // Warm-ups let the JIT finish with each server's hot path before it is measured (on 2 cores C2 otherwise
        // takes a third of the CPU for the first half minute).
        phase("raw Jetty, keep-alive (warm-up)", rawPort, true, acsOnly ? 3 : seconds);
        phase("raw Jetty, new connection (warm-up)", rawPort, false, acsOnly ? 1 : seconds / 2);
        Result ceilingKaRun = phase("raw Jetty, keep-alive", rawPort, true, acsOnly ? 1 : seconds);
        Result ceilingNew = phase("raw Jetty, new connection per session", rawPort, false, acsOnly ? 1 : seconds);
        raw.stop();

        try (EmbeddedMongo mongo = EmbeddedMongo.inMemory(); Store store = MongoStore.open(mongo.uri());
                LocalBus bus = new LocalBus()) {
            LongAdder consumed = new LongAdder();
            Subscription sub = bus.subscribeEvents("bench", "coral.events.>", Duration.ofSeconds(30), e -> {
                consumed.increment();
                e.ack();
            });
            AcsServer acs = AcsServer.builder().bus(bus).store(store).host("127.0.0.1").port(0)
                    .maxConcurrentSessions(10_000).build().start();
            try {
                Result first = phase("ACS first sight of every device (BOOT)", acs.port(), true, 0);
                // The ACS has far more code than the raw handler for the JIT to settle: a longer warm-up.
                phase("ACS sessions, keep-alive (warm-up)", acs.port(), true, 2 * seconds);
                phase("ACS sessions, new connection (warm-up)", acs.port(), false, seconds / 2);
                Result acsKa = phase("ACS sessions, keep-alive", acs.port(), true, seconds);
                Result acsNew = phase("ACS sessions, new connection per session", acs.port(), false, seconds);
                System.gc();
                long heapAfter = heapUsed();
                long stored = store.devices().count();
                System.out.printf("%nDevices in the store: %d, bus events consumed: %d, heap after GC: %d MB%n",
                        stored, consumed.sum(), heapAfter >> 20);
                System.out.printf("%n| scenario | sessions/s | p50 ms | p99 ms | max heap MB | vs ceiling |%n");
                System.out.printf("|---|---|---|---|---|---|%n");
                row(ceilingKaRun, ceilingKaRun);
                row(acsKa, ceilingKaRun);
                row(ceilingNew, ceilingNew);
                row(acsNew, ceilingNew);
                System.out.printf("%nFirst sight (device + %d parameters written, device.new and status events): "
                        + "%.0f sessions/s, p50 %.2f ms, p99 %.2f ms%n", 14, first.rate(), first.p50Ms(), first.p99Ms());
                System.out.printf("%nACS keep-alive sessions are %.0f %% of the raw keep-alive two-request rate; "
                        + "ACS new-connection sessions are %.0f %% of it.%n",
                        100.0 * acsKa.rate() / ceilingKaRun.rate(), 100.0 * acsNew.rate() / ceilingKaRun.rate());
            } finally {
                acs.close();
                sub.close();
            }
        }
    }

    private static void row(Result r, Result ceiling) {
        System.out.printf("| %s | %.0f | %.2f | %.2f | %d | %.0f %% |%n", r.name(), r.rate(), r.p50Ms(), r.p99Ms(),
                r.maxHeapMb(), 100.0 * r.rate() / ceiling.rate());
    }

    record Result(String name, long sessions, double seconds, double p50Ms, double p99Ms, long maxHeapMb,
            double cpuUsPerSession, double sysShare) {
        double rate() {
            return sessions / seconds;
        }
    }

    private Result phase(String name, int port, boolean keepAlive, int secs) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong errors = new AtomicLong();
        AtomicLong maxHeap = new AtomicLong();
        List<long[]> latencies = new ArrayList<>();
        long[] counts = new long[concurrency];
        CountDownLatch done = new CountDownLatch(concurrency);
        Thread sampler = Thread.ofPlatform().daemon().start(() -> {
            while (!stop.get()) {
                maxHeap.accumulateAndGet(heapUsed(), Math::max);
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        int perWorker = Math.max(1, devices / concurrency);
        for (int w = 0; w < concurrency; w++) {
            int worker = w;
            long[] lat = new long[1 << 16];
            latencies.add(lat);
            Thread.ofPlatform().daemon().name("cpe-" + w).start(() -> {
                long[] mine = lat;
                int n = 0;
                int round = 0;
                MiniHttp conn = null;
                try {
                    while (!stop.get() && (secs > 0 || round < perWorker)) {
                        String sn = String.format("SN-%06d", worker * perWorker + (round % perWorker));
                        byte[] body = inform(sn, changing ? round : 0);
                        round++;
                        long t0 = System.nanoTime();
                        if (conn == null || !keepAlive) {
                            if (conn != null) {
                                conn.close();
                            }
                            conn = new MiniHttp(port);
                        }
                        conn.cookie = null;
                        int s1 = conn.post(body);
                        int s2 = s1 == 200 ? conn.post(new byte[0]) : -1;
                        if (s1 != 200 || s2 != 204) {
                            errors.incrementAndGet();
                            conn.close();
                            conn = null;
                            continue;
                        }
                        if (n == mine.length) {
                            mine = Arrays.copyOf(mine, n * 2);
                            latencies.set(worker, mine);
                        }
                        mine[n++] = System.nanoTime() - t0;
                    }
                } catch (IOException e) {
                    errors.incrementAndGet();
                } finally {
                    counts[worker] = n;
                    if (conn != null) {
                        conn.close();
                    }
                    done.countDown();
                }
            });
        }
        long start = System.nanoTime();
        long upAtStart = ManagementFactory.getRuntimeMXBean().getUptime();
        long[] cpu0 = ProcessCpu.now();
        long alloc0 = ProcessCpu.allocatedBytes();
        if (secs > 0) {
            Thread.sleep(secs * 1000L);
            stop.set(true);
        }
        done.await();
        stop.set(true);
        double elapsed = (System.nanoTime() - start) / 1e9;
        long[] cpu1 = ProcessCpu.now();
        long alloc1 = ProcessCpu.allocatedBytes();
        sampler.interrupt();
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        long[] all = new long[(int) total];
        int k = 0;
        for (int w = 0; w < concurrency; w++) {
            System.arraycopy(latencies.get(w), 0, all, k, (int) counts[w]);
            k += (int) counts[w];
        }
        Arrays.sort(all);
        double p50 = all.length == 0 ? 0 : all[all.length / 2] / 1e6;
        double p99 = all.length == 0 ? 0 : all[(int) Math.min(all.length - 1, all.length * 0.99)] / 1e6;
        long user = cpu1[0] - cpu0[0];
        long sys = cpu1[1] - cpu0[1];
        Result r = new Result(name, total, elapsed, p50, p99, maxHeap.get() >> 20,
                total == 0 ? 0 : (user + sys) / 1e3 / total, user + sys == 0 ? 0 : (double) sys / (user + sys));
        System.out.printf("%-45s %8.0f sessions/s  p50 %6.2f ms  p99 %6.2f ms  errors %d  max heap %d MB  "
                        + "CPU %5.0f us/session (%2.0f %% kernel)  %5.1f KB allocated/session  [JVM uptime %.1f-%.1f s]%n",
                name, r.rate(), p50, p99, errors.get(), r.maxHeapMb(), r.cpuUsPerSession(), 100 * r.sysShare(),
                total == 0 ? 0 : (alloc1 - alloc0) / 1024.0 / total, upAtStart / 1e3,
                ManagementFactory.getRuntimeMXBean().getUptime() / 1e3);
        return r;
    }

    private static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** A ~3 KB periodic Inform (CWMP 1.0, TR-098), as a CPE sends it. */
    static byte[] inform(String sn, int round) {
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:SOAP-ENC="http://schemas.xmlsoap.org/soap/encoding/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:cwmp="urn:dslforum-org:cwmp-1-0">
                  <SOAP-ENV:Header><cwmp:ID SOAP-ENV:mustUnderstand="1">%d</cwmp:ID></SOAP-ENV:Header>
                  <SOAP-ENV:Body>
                    <cwmp:Inform>
                      <DeviceId><Manufacturer>Acme Networks</Manufacturer><OUI>00D09E</OUI><ProductClass>IGD-2000</ProductClass><SerialNumber>%s</SerialNumber></DeviceId>
                      <Event SOAP-ENC:arrayType="cwmp:EventStruct[1]"><EventStruct><EventCode>2 PERIODIC</EventCode><CommandKey></CommandKey></EventStruct></Event>
                      <MaxEnvelopes>1</MaxEnvelopes>
                      <CurrentTime>2026-11-23T10:00:00Z</CurrentTime>
                      <RetryCount>0</RetryCount>
                      <ParameterList SOAP-ENC:arrayType="cwmp:ParameterValueStruct[14]">
                        <ParameterValueStruct><Name>InternetGatewayDevice.DeviceSummary</Name><Value xsi:type="xsd:string">InternetGatewayDevice:1.4[](Baseline:1, EthernetLAN:1, WiFiLAN:1, Time:1)</Value></ParameterValueStruct>
                        <ParameterValueStruct><Name>InternetGatewayDevice.DeviceInfo.HardwareVersion</Name><Value xsi:type="xsd:string">HW-1.0</Value></ParameterValueStruct>
                        <ParameterValueStruct><Name>InternetGatewayDevice.DeviceInfo.SoftwareVersion</Name><Value xsi:type="xsd:string">4.2.1-build.1187</Value></ParameterValueStruct>
                        <ParameterValueStruct><Name>InternetGatewayDevice.DeviceInfo.ModelName</Name><Value xsi:type="xsd:string">IGD 2000</Value></ParameterValueStruct>
                        <ParameterValueStruct><Name>InternetGatewayDevice.DeviceInfo.SpecVersion</Name><Value xsi:type="xsd:string">1.0</Value></ParameterValueStruct>
                        <ParameterValueStruct><Name>InternetGatewayDevice.DeviceInfo.ProvisioningCode</Name><Value xsi:type="xsd:string">ABCD.1234</Value></ParameterValueStruct>
                        <ParameterValueStruct><Name>InternetGatewayDevice.DeviceInfo.UpTime</Name><Value xsi:type="xsd:unsignedInt">%d</Value></ParameterValueStruct>
                        <ParameterValueStruct><Name>InternetGatewayDevice.ManagementServer.ConnectionRequestURL</Name><Value xsi:type="xsd:string">http://10.20.30.40:7547/cr/%s</Value></ParameterValueStruct>
                        <ParameterValueStruct><Name>InternetGatewayDevice.ManagementServer.ParameterKey</Name><Value xsi:type="xsd:string">key-0001</Value></ParameterValueStruct>
                        <ParameterValueStruct><Name>InternetGatewayDevice.ManagementServer.PeriodicInformInterval</Name><Value xsi:type="xsd:unsignedInt">300</Value></ParameterValueStruct>
                        <ParameterValueStruct><Name>InternetGatewayDevice.WANDevice.1.WANConnectionDevice.1.WANIPConnection.1.ExternalIPAddress</Name><Value xsi:type="xsd:string">203.0.113.77</Value></ParameterValueStruct>
                        <ParameterValueStruct><Name>InternetGatewayDevice.WANDevice.1.WANConnectionDevice.1.WANIPConnection.1.MACAddress</Name><Value xsi:type="xsd:string">00:d0:9e:12:34:56</Value></ParameterValueStruct>
                        <ParameterValueStruct><Name>InternetGatewayDevice.LANDevice.1.LANHostConfigManagement.IPInterface.1.IPInterfaceIPAddress</Name><Value xsi:type="xsd:string">192.168.1.1</Value></ParameterValueStruct>
                        <ParameterValueStruct><Name>InternetGatewayDevice.LANDevice.1.WLANConfiguration.1.SSID</Name><Value xsi:type="xsd:string">Acme-5G-3456</Value></ParameterValueStruct>
                      </ParameterList>
                    </cwmp:Inform>
                  </SOAP-ENV:Body>
                </SOAP-ENV:Envelope>
                """.formatted(round + 1, sn, 1000 + round, sn);
        return xml.getBytes(StandardCharsets.UTF_8);
    }

    /** The ceiling: reads the POST fully, answers 600 bytes, or 204 to an empty POST. */
    private static Server rawJetty() throws Exception {
        Server server = new Server(new VirtualThreadPool());
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract(Handler.Abstract.InvocationType.BLOCKING) {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                byte[] body;
                try (InputStream in = Request.asInputStream(request)) {
                    body = in.readAllBytes();
                }
                if (body.length == 0) {
                    response.setStatus(204);
                    callback.succeeded();
                } else {
                    response.getHeaders().put("Content-Type", "text/xml; charset=utf-8");
                    response.getHeaders().put("Content-Length", REPLY_600.length);
                    response.write(true, ByteBuffer.wrap(REPLY_600), callback);
                }
                return true;
            }
        });
        server.start();
        return server;
    }

    /** A minimal HTTP/1.1 client: one connection, Content-Length bodies, the session cookie echoed. */
    static final class MiniHttp implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        String cookie;
        private final byte[] buf = new byte[16 * 1024];

        MiniHttp(int port) throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.setTcpNoDelay(true);
            in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
        }

        int post(byte[] body) throws IOException {
            StringBuilder h = new StringBuilder(160).append("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n");
            if (body.length > 0) {
                h.append("Content-Type: text/xml; charset=utf-8\r\nSOAPAction: \"\"\r\n");
            }
            h.append("Content-Length: ").append(body.length).append("\r\n");
            if (cookie != null) {
                h.append("Cookie: ").append(cookie).append("\r\n");
            }
            h.append("\r\n");
            out.write(h.toString().getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            String status = line();
            if (status == null) {
                throw new IOException("connection closed");
            }
            int code = Integer.parseInt(status.substring(9, 12));
            long length = 0;
            boolean chunked = false;
            String l;
            while ((l = line()) != null && !l.isEmpty()) {
                int colon = l.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String name = l.substring(0, colon).trim();
                String value = l.substring(colon + 1).trim();
                if (name.equalsIgnoreCase("Content-Length")) {
                    length = Long.parseLong(value);
                } else if (name.equalsIgnoreCase("Transfer-Encoding") && value.equalsIgnoreCase("chunked")) {
                    chunked = true;
                } else if (name.equalsIgnoreCase("Set-Cookie")) {
                    int semi = value.indexOf(';');
                    cookie = semi < 0 ? value : value.substring(0, semi);
                }
            }
            if (chunked) {
                while (true) {
                    long size = Long.parseLong(line().trim(), 16);
                    skip(size);
                    line();
                    if (size == 0) {
                        break;
                    }
                }
            } else {
                skip(length);
            }
            return code;
        }

        private void skip(long n) throws IOException {
            while (n > 0) {
                int r = in.read(buf, 0, (int) Math.min(buf.length, n));
                if (r < 0) {
                    throw new IOException("truncated body");
                }
                n -= r;
            }
        }

        private String line() throws IOException {
            StringBuilder sb = new StringBuilder(64);
            int c;
            while ((c = in.read()) != -1) {
                if (c == '\n') {
                    int len = sb.length();
                    return len > 0 && sb.charAt(len - 1) == '\r' ? sb.substring(0, len - 1) : sb.toString();
                }
                sb.append((char) c);
            }
            return sb.isEmpty() ? null : sb.toString();
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
