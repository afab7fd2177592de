package io.coral.cwmp.codec;

import com.sun.net.httpserver.HttpServer;
import io.coral.cwmp.Envelope;
import io.coral.cwmp.GetParameterValuesResponse;
import io.coral.cwmp.codec.CwmpParseException.Reason;
import io.coral.cwmp.testing.CannedEnvelopes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Input an attacker or a broken device sends: always a {@link CwmpParseException}, never a file or network read. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HostileInputTest {

    private final CwmpCodec codec = CwmpCodec.create();
    private HttpServer server;
    private final AtomicInteger hits = new AtomicInteger();

    @BeforeEach
    void startTrap() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            hits.incrementAndGet();
            byte[] body = "<!ENTITY leak \"LEAKED\">".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopTrap() {
        server.stop(0);
    }

    @Test
    void externalEntityIsRefusedAndNothingIsRead() {
        for (boolean streaming : new boolean[] {false, true}) {
            CwmpParseException e = refuse(CannedEnvelopes.bytes("hostile/xxe-file.xml"), streaming);
            assertThat(e.reason()).isEqualTo(Reason.FORBIDDEN);
            assertThat(e.getMessage()).doesNotContain("root:");
            assertThat(e.acsFaultCode()).isEqualTo(8003);
            assertThat(e.cpeFaultCode()).isEqualTo(9003);
        }
    }

    @Test
    void networkEntitiesAndExternalDtdsAreNeverFetched() {
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/evil";
        String[] docs = {
                "<!DOCTYPE e SYSTEM \"" + url + ".dtd\"><e/>",
                "<!DOCTYPE e [<!ENTITY x SYSTEM \"" + url + "\">]><e>&x;</e>",
                "<!DOCTYPE e [<!ENTITY % p SYSTEM \"" + url + "\"> %p;]><e>&leak;</e>",
                envelopeWith("<Value><xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" href=\"" + url + "\"/></Value>"),
        };
        for (String doc : docs) {
            for (boolean streaming : new boolean[] {false, true}) {
                try {
                    Envelope e = streaming ? codec.decodeStreaming(doc.getBytes(StandardCharsets.UTF_8))
                            : codec.decode(doc.getBytes(StandardCharsets.UTF_8));
                    assertThat(e.toString()).doesNotContain("LEAKED");
                } catch (CwmpParseException expected) {
                    assertThat(expected.getMessage()).doesNotContain("LEAKED");
                }
            }
        }
        assertThat(hits.get()).isZero();
    }

    @Test
    void parameterEntityIsRefused() {
        assertThat(refuse(CannedEnvelopes.bytes("hostile/parameter-entity.xml"), false).reason()).isEqualTo(Reason.FORBIDDEN);
        assertThat(refuse(CannedEnvelopes.bytes("hostile/parameter-entity.xml"), true).reason()).isEqualTo(Reason.FORBIDDEN);
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.SECONDS)
    void billionLaughsIsRefusedAtOnce() {
        assertThat(refuse(CannedEnvelopes.bytes("hostile/billion-laughs.xml"), false).reason()).isEqualTo(Reason.FORBIDDEN);
        assertThat(refuse(CannedEnvelopes.bytes("hostile/billion-laughs.xml"), true).reason()).isEqualTo(Reason.FORBIDDEN);
    }

    @Test
    void xincludeIsNotProcessed() throws Exception {
        for (boolean streaming : new boolean[] {false, true}) {
            byte[] xml = CannedEnvelopes.bytes("hostile/xinclude.xml");
            Envelope e = streaming ? codec.decodeStreaming(xml) : codec.decode(xml);
            assertThat(((GetParameterValuesResponse) e.body()).parameterList().get(0).value()).isEmpty();
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    void fiftyMegabyteStreamIsRejectedWithoutReadingItAll() {
        CountingStream in = new CountingStream(50L * 1024 * 1024);
        CwmpParseException e = catchThrowableOfType(CwmpParseException.class, () -> codec.decode(in));
        assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE);
        assertThat(e.acsFaultCode()).isEqualTo(8004);
        assertThat(in.read).isLessThanOrEqualTo(CwmpCodec.DEFAULT_MAX_BYTES + 8192L);
        assertThat(catchThrowableOfType(CwmpParseException.class,
                () -> codec.decodeStreaming(new CountingStream(50L * 1024 * 1024))).reason()).isEqualTo(Reason.TOO_LARGE);
    }

    @Test
    void fiftyMegabyteArrayIsRejectedBeforeParsing() {
        byte[] big = new byte[50 * 1024 * 1024];
        assertThat(refuse(big, false).reason()).isEqualTo(Reason.TOO_LARGE);
        assertThat(refuse(big, true).reason()).isEqualTo(Reason.TOO_LARGE);
    }

    @Test
    void depthAndElementCountAreBounded() throws Exception {
        assertThat(refuse(CannedEnvelopes.bytes("hostile/deep-nesting.xml"), false).reason()).isEqualTo(Reason.TOO_LARGE);
        assertThat(refuse(CannedEnvelopes.bytes("hostile/deep-nesting.xml"), true).reason()).isEqualTo(Reason.TOO_LARGE);
        CwmpCodec small = CwmpCodec.builder().maxElements(20).build();
        byte[] inform = CannedEnvelopes.bytes("cwmp-1-0-igd/inform.xml");
        assertThatThrownBy(() -> small.decode(inform)).isInstanceOfSatisfying(CwmpParseException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE));
        assertThatThrownBy(() -> small.decodeStreaming(inform)).isInstanceOfSatisfying(CwmpParseException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE));
        assertThat(codec.decode(inform).body()).isNotNull();
    }

    @Test
    void wrongNamespacesAreRefused() {
        for (String file : new String[] {"wrong-namespace.xml", "unknown-cwmp-version.xml", "soap-1-2.xml"}) {
            for (boolean streaming : new boolean[] {false, true}) {
                assertThat(refuse(CannedEnvelopes.bytes("hostile/" + file), streaming).reason()).as(file)
                        .isEqualTo(Reason.WRONG_NAMESPACE);
            }
        }
        assertThat(refuse(CannedEnvelopes.bytes("hostile/not-an-envelope.xml"), true).reason()).isEqualTo(Reason.MALFORMED);
    }

    @Test
    void semanticProblemsGetTheMatchingFaultCodes() {
        CwmpParseException noDeviceId = refuse(CannedEnvelopes.bytes("hostile/inform-without-device-id.xml"), false);
        assertThat(noDeviceId.reason()).isEqualTo(Reason.INVALID_ARGUMENT);
        assertThat(noDeviceId.getMessage()).contains("DeviceId");
        CwmpParseException unknown = refuse(CannedEnvelopes.bytes("hostile/unknown-method.xml"), true);
        assertThat(unknown.acsFaultCode()).isEqualTo(8000);
        assertThat(unknown.cpeFaultCode()).isEqualTo(9000);
        assertThat(refuse(CannedEnvelopes.bytes("hostile/bad-number.xml"), false).getMessage()).contains("Status");
    }

    @Test
    void truncatedAtEveryPointIsMalformed() {
        byte[] inform = CannedEnvelopes.bytes("cwmp-1-2-device/inform.xml");
        assertThat(refuse(CannedEnvelopes.bytes("hostile/truncated.xml"), false).reason()).isEqualTo(Reason.MALFORMED);
        for (int cut = 1; cut < inform.length - 30; cut += 13) {
            byte[] part = java.util.Arrays.copyOf(inform, cut);
            refuse(part, true);
            if (cut % 5 == 0) {
                refuse(part, false);
            }
        }
    }

    @Test
    void randomBytesNeverEscapeAsAnotherException() {
        Random random = new Random(20261123);
        for (int i = 0; i < 600; i++) {
            byte[] junk = new byte[1 + random.nextInt(600)];
            random.nextBytes(junk);
            if (i % 3 == 0) {
                byte[] prefix = "<?xml version=\"1.0\"?><SOAP-ENV:Envelope xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\">"
                        .getBytes(StandardCharsets.US_ASCII);
                System.arraycopy(prefix, 0, junk = java.util.Arrays.copyOf(prefix, prefix.length + junk.length),
                        0, prefix.length);
            }
            refuseOrEmpty(junk, true);
            if (i % 4 == 0) {
                refuseOrEmpty(junk, false);
            }
        }
    }

    @Test
    void mutatedEnvelopesNeverEscapeAsAnotherException() {
        Random random = new Random(7);
        byte[] inform = CannedEnvelopes.bytes("cwmp-1-0-igd/inform.xml");
        for (int i = 0; i < 300; i++) {
            byte[] m = inform.clone();
            for (int k = 0; k < 1 + random.nextInt(4); k++) {
                m[random.nextInt(m.length)] = (byte) random.nextInt(256);
            }
            for (boolean streaming : new boolean[] {false, true}) {
                try {
                    Envelope a = streaming ? codec.decodeStreaming(m) : codec.decode(m);
                    assertThat(a).isNotNull();
                } catch (CwmpParseException expected) {
                    assertThat(expected.reason()).isNotNull();
                }
            }
        }
    }

    private CwmpParseException refuse(byte[] xml, boolean streaming) {
        return catchThrowableOfType(CwmpParseException.class,
                () -> {
                    if (streaming) {
                        codec.decodeStreaming(xml);
                    } else {
                        codec.decode(xml);
                    }
                });
    }

    private void refuseOrEmpty(byte[] xml, boolean streaming) {
        try {
            Envelope e = streaming ? codec.decodeStreaming(xml) : codec.decode(xml);
            assertThat(e.isEmpty()).as("random bytes decoded to %s", e).isTrue();
        } catch (CwmpParseException expected) {
            assertThat(expected.reason()).isNotNull();
        }
    }

    private static String envelopeWith(String value) {
        return "<SOAP-ENV:Envelope xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\" "
                + "xmlns:cwmp=\"urn:dslforum-org:cwmp-1-0\"><SOAP-ENV:Body><cwmp:GetParameterValuesResponse><ParameterList>"
                + "<ParameterValueStruct><Name>A</Name>" + value + "</ParameterValueStruct></ParameterList>"
                + "</cwmp:GetParameterValuesResponse></SOAP-ENV:Body></SOAP-ENV:Envelope>";
    }

    /** An endless-looking body that counts what the codec pulled from it. */
    private static final class CountingStream extends InputStream {
        private final long size;
        long read;

        CountingStream(long size) {
            this.size = size;
        }

        @Override
        public int read() {
            if (read >= size) {
                return -1;
            }
            read++;
            return ' ';
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (read >= size) {
                return -1;
            }
            int n = (int) Math.min(len, size - read);
            java.util.Arrays.fill(b, off, off + n, (byte) ' ');
            read += n;
            return n;
        }
    }
}
