package io.coral.acs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP transport: chunked and gzip bodies, limits, hostile input (each answered with a 4xx or a SOAP fault, no
 * file or network read), bounded sessions, the file endpoint; after each the server still serves.
 */
class AcsTransportTest {

    static AcsHarness h;
    static TestCrServer trap;
    @TempDir
    static Path files;

    @BeforeAll
    static void up() throws IOException {
        Files.write(files.resolve("fw.bin"), new byte[] {1, 2, 3, 4, 5});
        h = AcsHarness.start(b -> b.maxConcurrentSessions(3).maxBodyBytes(1024 * 1024).retryAfterSeconds(7)
                .filesDir(files));
        trap = new TestCrServer("trap", "trap");
    }

    @AfterAll
    static void down() {
        trap.close();
        h.close();
    }

    @AfterEach
    void stillServing() {
        TestCpe cpe = h.cpe(Dialect.CWMP10, "ALIVE");
        TestCpe.Reply r = cpe.inform("2 PERIODIC");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.method()).isEqualTo("InformResponse");
        assertThat(cpe.emptyPost().status()).isEqualTo(204);
        assertThat(trap.authorizations).as("no network read").isEmpty();
    }

    @Test
    void chunkedAndGzipBodies() {
        TestCpe chunked = h.cpe(Dialect.CWMP12, "CHUNKED-1");
        TestCpe.Reply r1 = chunked.postChunked(chunked.informXml("1 BOOT"));
        assertThat(r1.status()).isEqualTo(200);
        assertThat(r1.method()).isEqualTo("InformResponse");
        assertThat(chunked.emptyPost().status()).isEqualTo(204);

        TestCpe gz = h.cpe(Dialect.CWMP14, "GZIP-1");
        TestCpe.Reply r2 = gz.postGzip(gz.informXml("1 BOOT"));
        assertThat(r2.status()).isEqualTo(200);
        assertThat(r2.method()).isEqualTo("InformResponse");
        assertThat(gz.emptyPost().status()).isEqualTo(204);
        assertThat(h.store.devices().find("GZIP-1")).isPresent();
        assertThat(h.store.devices().find("CHUNKED-1")).isPresent();
    }

    @Test
    void gzipBombAndUnknownEncodingAreRefused() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 64; i++) {
                gz.write(zeros);
            }
        }
        TestCpe cpe = h.cpe(Dialect.CWMP10, "BOMB");
        assertThat(out.size()).isLessThan(200_000);
        assertThat(cpe.post(out.toByteArray(), Map.of("Content-Encoding", "gzip")).status()).isEqualTo(413);
        assertThat(cpe.post("<x/>".getBytes(), Map.of("Content-Encoding", "br")).status()).isEqualTo(400);
        assertThat(cpe.post("not gzip at all".getBytes(), Map.of("Content-Encoding", "gzip")).status()).isEqualTo(400);
    }

    @Test
    void fiftyMegabytesAreRefusedWithoutReadingThem() throws Exception {
        String head = "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/xml\r\nContent-Length: "
                + (50L * 1024 * 1024) + "\r\n\r\n";
        assertThat(rawStatus(head, false)).isEqualTo(413);
        String chunked = "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/xml\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n";
        assertThat(rawStatus(chunked, true)).isEqualTo(413);
    }

    /** Sends the head, then streams up to 50 MB of body (chunked or not) while reading the status line. */
    private int rawStatus(String head, boolean chunked) throws Exception {
        try (Socket s = new Socket("127.0.0.1", h.acs.port())) {
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread writer = Thread.ofVirtual().start(() -> {
                byte[] block = new byte[64 * 1024];
                java.util.Arrays.fill(block, (byte) 'a');
                try {
                    for (int i = 0; i < 800; i++) {
                        if (chunked) {
                            out.write((Integer.toHexString(block.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        }
                        out.write(block);
                        if (chunked) {
                            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                        }
                    }
                } catch (IOException closedByServer) {
                    // expected: the server stops reading once it has refused the body
                }
            });
            InputStream in = s.getInputStream();
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) != -1 && c != '\n') {
                line.append((char) c);
            }
            writer.interrupt();
            return Integer.parseInt(line.toString().split(" ")[1]);
        }
    }

    @Test
    void randomBytesAreABadRequest() {
        byte[] junk = new byte[4096];
        new Random(7).nextBytes(junk);
        TestCpe cpe = h.cpe(Dialect.CWMP10, "JUNK");
        TestCpe.Reply r = cpe.post(junk, Map.of());
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
        TestCpe.Reply text = cpe.post("hello, ACS".getBytes(), Map.of());
        assertThat(text.status()).isEqualTo(400);
    }

    @Test
    void externalEntitiesAreNeverResolved() {
        TestCpe cpe = h.cpe(Dialect.CWMP12, "XXE");
        String inform = cpe.informXml("1 BOOT");
        String fileEntity = "<!DOCTYPE r [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
                + inform.replace("<SerialNumber>XXE</SerialNumber>", "<SerialNumber>&xxe;</SerialNumber>");
        TestCpe.Reply r1 = cpe.post(fileEntity);
        assertThat(r1.status()).isEqualTo(400);
        assertThat(r1.element("FaultCode")).isEqualTo("8003");
        assertThat(r1.body()).doesNotContain("root:");

        String netEntity = "<!DOCTYPE r [<!ENTITY xxe SYSTEM \"" + trap.url() + "\">]>"
                + inform.replace("<SerialNumber>XXE</SerialNumber>", "<SerialNumber>&xxe;</SerialNumber>");
        assertThat(cpe.post(netEntity).status()).isEqualTo(400);

        String paramEntity = "<!DOCTYPE r [<!ENTITY % pe SYSTEM \"" + trap.url() + "/pe.dtd\"> %pe;]>" + inform;
        TestCpe.Reply r3 = cpe.post(paramEntity);
        assertThat(r3.status()).isEqualTo(400);
        assertThat(r3.method()).isEqualTo("Fault");
        assertThat(h.store.devices().find("XXE")).isEmpty();
    }

    @Test
    void billionLaughsIsRefusedQuickly() {
        StringBuilder dtd = new StringBuilder("<!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        for (int i = 1; i <= 9; i++) {
            dtd.append("<!ENTITY lol").append(i).append(" \"");
            for (int j = 0; j < 10; j++) {
                dtd.append("&lol").append(i == 1 ? "" : Integer.toString(i - 1)).append(';');
            }
            dtd.append("\">");
        }
        dtd.append("]>");
        TestCpe cpe = h.cpe(Dialect.CWMP10, "LOL");
        String inform = cpe.informXml("1 BOOT").replace("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "");
        long start = System.nanoTime();
        TestCpe.Reply r = cpe.post(dtd + inform.replace("<SerialNumber>LOL</SerialNumber>",
                "<SerialNumber>&lol9;</SerialNumber>"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.element("FaultCode")).isIn("8003", "8004");
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
    }

    @Test
    void informWithoutDeviceIdIsAFault() {
        TestCpe cpe = h.cpe(Dialect.CWMP10, "NODEVID");
        String inform = cpe.informXml("1 BOOT").replaceAll("(?s)<DeviceId>.*</DeviceId>", "");
        TestCpe.Reply r = cpe.post(inform);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.method()).isEqualTo("Fault");
        assertThat(r.element("FaultCode")).isEqualTo("8003");
    }

    @Test
    void unknownMethodAndAcsOnlyMessagesAreFaults() {
        TestCpe cpe = h.cpe(Dialect.CWMP12, "ODD-1");
        cpe.inform("1 BOOT");
        TestCpe.Reply unknown = cpe.post(cpe.envelope("o-1", "GetRPCMethods", Map.of())
                .replace("GetRPCMethods", "FrobnicateWidgets"));
        assertThat(unknown.method()).isEqualTo("Fault");
        assertThat(unknown.element("FaultCode")).isEqualTo("8000");
        assertThat(cpe.emptyPost().status()).isEqualTo(204);
    }

    @Test
    void pastTheSessionLimitNewInformsGet503WithRetryAfter() {
        TestCpe a = h.cpe(Dialect.CWMP10, "LIMIT-A");
        TestCpe b = h.cpe(Dialect.CWMP10, "LIMIT-B");
        TestCpe c = h.cpe(Dialect.CWMP10, "LIMIT-C");
        TestCpe d = h.cpe(Dialect.CWMP10, "LIMIT-D");
        assertThat(a.inform("2 PERIODIC").status()).isEqualTo(200);
        assertThat(b.inform("2 PERIODIC").status()).isEqualTo(200);
        assertThat(c.inform("2 PERIODIC").status()).isEqualTo(200);
        TestCpe.Reply busy = d.inform("2 PERIODIC");
        assertThat(busy.status()).isEqualTo(503);
        assertThat(busy.headers().firstValue("retry-after")).hasValue("7");
        assertThat(a.emptyPost().status()).isEqualTo(204);
        assertThat(d.inform("2 PERIODIC").status()).isEqualTo(200);
        assertThat(b.emptyPost().status()).isEqualTo(204);
        assertThat(c.emptyPost().status()).isEqualTo(204);
        assertThat(d.emptyPost().status()).isEqualTo(204);
    }

    @Test
    void filesAreServedWithoutListing() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI base = h.uri();
        HttpResponse<byte[]> fw = http.send(HttpRequest.newBuilder(base.resolve("/files/fw.bin")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(fw.statusCode()).isEqualTo(200);
        assertThat(fw.body()).containsExactly(1, 2, 3, 4, 5);
        assertThat(http.send(HttpRequest.newBuilder(base.resolve("/files/")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode()).isIn(403, 404);
        assertThat(http.send(HttpRequest.newBuilder(base.resolve("/files/missing.bin")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(404);
        assertThat(http.send(HttpRequest.newBuilder(base.resolve("/")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(405);
    }
}
