package io.coral.bench;

import io.coral.cwmp.Envelope;
import io.coral.cwmp.InformResponse;
import io.coral.cwmp.codec.CwmpCodec;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CWMP codec on the ACS's per-session work: decode a ~3 KB TR-181 Inform (SAAJ path and streaming path),
 * encode the InformResponse (SAAJ and streaming writer), next to a bare StAX walk of the same bytes (the
 * "physical" floor: no records, no checks). Scenarios run interleaved in rounds on one thread; the median round
 * is reported.
 *
 * <p>Run: {@code java -cp ... io.coral.bench.CwmpCodecBench [rounds=7] [millisPerScenario=1500]}
 */
public final class CwmpCodecBench {

    private interface Op {
        Object run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        long millis = args.length > 1 ? Long.parseLong(args[1]) : 1500;
        byte[] inform = resource("/bench/cwmp-inform-tr181.xml");
        CwmpCodec codec = CwmpCodec.create();
        Envelope decoded = codec.decode(inform);
        Envelope response = decoded.reply(new InformResponse(1));
        XMLInputFactory bare = XMLInputFactory.newDefaultFactory();
        bare.setProperty(XMLInputFactory.SUPPORT_DTD, false);

        Map<String, Op> ops = new LinkedHashMap<>();
        ops.put("bare StAX walk of the Inform (floor)", () -> bareWalk(bare, inform));
        ops.put("decodeStreaming(Inform)", () -> codec.decodeStreaming(inform));
        ops.put("decode(Inform) via SAAJ", () -> codec.decode(inform));
        ops.put("encodeStreaming(InformResponse)", () -> codec.encodeStreaming(response));
        ops.put("encode(InformResponse) via SAAJ", () -> codec.encode(response));

        Map<String, List<Double>> micros = new LinkedHashMap<>();
        ops.keySet().forEach(k -> micros.put(k, new ArrayList<>()));
        for (int r = 0; r < rounds + 1; r++) {
            for (Map.Entry<String, Op> e : ops.entrySet()) {
                double us = time(e.getValue(), millis);
                if (r > 0) { // round 0 is warm-up
                    micros.get(e.getKey()).add(us);
                }
            }
        }
        System.out.printf("Inform %d bytes, %d rounds x %d ms per scenario, %d cores, %s%n", inform.length, rounds,
                millis, Runtime.getRuntime().availableProcessors(), Runtime.version());
        double floor = median(micros.get("bare StAX walk of the Inform (floor)"));
        for (Map.Entry<String, List<Double>> e : micros.entrySet()) {
            double m = median(e.getValue());
            System.out.printf("%-40s %9.1f us/op  %9.0f op/s  %5.1fx floor%n", e.getKey(), m, 1e6 / m, m / floor);
        }
    }

    private static double time(Op op, long millis) throws Exception {
        long end = System.nanoTime() + millis * 1_000_000;
        long n = 0;
        long start = System.nanoTime();
        Object sink = null;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 50; i++) {
                sink = op.run();
            }
            n += 50;
        }
        if (sink == null) {
            throw new IllegalStateException("no result");
        }
        return (System.nanoTime() - start) / 1e3 / n;
    }

    private static int bareWalk(XMLInputFactory f, byte[] xml) throws XMLStreamException {
        XMLStreamReader r = f.createXMLStreamReader(new ByteArrayInputStream(xml));
        int elements = 0;
        while (r.hasNext()) {
            if (r.next() == XMLStreamConstants.START_ELEMENT) {
                elements++;
            }
        }
        r.close();
        return elements;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static byte[] resource(String path) {
        try (InputStream in = CwmpCodecBench.class.getResourceAsStream(path)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
