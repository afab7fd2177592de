package io.coral.cwmp.codec;

import io.coral.cwmp.CwmpNamespace;
import io.coral.cwmp.Envelope;
import io.coral.cwmp.GetParameterValuesResponse;
import io.coral.cwmp.testing.CannedEnvelopes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The streaming reader and writer are reused between messages: nothing of one document (namespaces, a failure
 * half-way, the parser's running totals) may leak into the next.
 */
class ReaderReuseTest {

    private final CwmpCodec codec = CwmpCodec.create();

    @Test
    void everyDialectDecodesTheSameAfterAnyOtherDocument() throws Exception {
        List<byte[]> docs = new ArrayList<>();
        List<Envelope> expected = new ArrayList<>();
        for (String dialect : CannedEnvelopes.DIALECTS) {
            for (String p : CannedEnvelopes.list(dialect)) {
                docs.add(CannedEnvelopes.bytes(p));
                expected.add(CwmpCodec.create().decode(CannedEnvelopes.bytes(p)));
            }
        }
        assertThat(docs).hasSizeGreaterThan(20);
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < docs.size(); i++) {
                // interleave the dialects so each reader sees a different namespace than last time
                int k = (i * 7 + round) % docs.size();
                assertThat(codec.decodeStreaming(docs.get(k))).isEqualTo(expected.get(k));
            }
        }
    }

    @Test
    void aDocumentThatFailsHalfWayDoesNotSpoilTheNext() throws Exception {
        byte[] good = CannedEnvelopes.bytes(CannedEnvelopes.list("cwmp-1-4-device").get(0));
        Envelope expected = codec.decodeStreaming(good);
        List<byte[]> bad = List.of(
                bytes("<soap:Envelope xmlns:soap='http://schemas.xmlsoap.org/soap/envelope/'><soap:Body><a>"),
                bytes("<?xml version='1.0'?><!DOCTYPE x [<!ENTITY e 'boom'>]><x>&e;</x>"),
                bytes("<soap:Envelope xmlns:soap='http://schemas.xmlsoap.org/soap/envelope/'><soap:Body>"
                        + "<a><b><c></a></soap:Body></soap:Envelope>"),
                new byte[] {(byte) 0xC3, 0x28, '<', 'x', '>'});
        for (int round = 0; round < 50; round++) {
            byte[] b = bad.get(round % bad.size());
            assertThatThrownBy(() -> codec.decodeStreaming(b)).isInstanceOf(CwmpParseException.class);
            assertThat(codec.decodeStreaming(good)).isEqualTo(expected);
        }
    }

    @Test
    void runningTotalsDoNotAddUpAcrossDocuments() throws Exception {
        // 20,000 messages of ~4 KB full of character references: 80 MB through the same few readers, above the
        // JDK's per-document accumulated-size limits, must decode like the first one.
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            values.append("<ParameterValueStruct><Name>Device.X_Test.").append(i)
                    .append("</Name><Value xsi:type=\"xsd:string\">a&amp;b&lt;c&gt;&#233;&quot;</Value>")
                    .append("</ParameterValueStruct>");
        }
        byte[] doc = bytes("""
                <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" \
                xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/" xmlns:cwmp="urn:dslforum-org:cwmp-1-2" \
                xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\
                <soap:Header><cwmp:ID soap:mustUnderstand="1">7</cwmp:ID></soap:Header><soap:Body>\
                <cwmp:GetParameterValuesResponse><ParameterList soapenc:arrayType="cwmp:ParameterValueStruct[40]">\
                %s</ParameterList></cwmp:GetParameterValuesResponse></soap:Body></soap:Envelope>""".formatted(values));
        for (int i = 0; i < 20_000; i++) {
            Envelope e = codec.decodeStreaming(doc);
            if (i % 5_000 == 0 || i == 19_999) {
                assertThat(e.namespace()).isEqualTo(CwmpNamespace.CWMP_1_2);
                GetParameterValuesResponse r = (GetParameterValuesResponse) e.body();
                assertThat(r.parameterList()).hasSize(40);
                assertThat(r.parameterList().get(39).value()).isEqualTo("a&b<c>\u00e9\"");
            }
        }
    }

    @Test
    void theWriterGivesTheSameBytesEveryTime() throws Exception {
        for (String p : CannedEnvelopes.list("cwmp-1-0-igd")) {
            Envelope e = codec.decode(CannedEnvelopes.bytes(p));
            byte[] first = codec.encodeStreaming(e);
            for (int i = 0; i < 5; i++) {
                assertThat(codec.encodeStreaming(e)).isEqualTo(first);
            }
            assertThat(new String(first, StandardCharsets.UTF_8)).isEqualTo(new String(codec.encode(e),
                    StandardCharsets.UTF_8));
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
