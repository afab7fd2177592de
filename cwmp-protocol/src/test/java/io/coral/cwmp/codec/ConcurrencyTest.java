package io.coral.cwmp.codec;

import io.coral.cwmp.Envelope;
import io.coral.cwmp.testing.CannedEnvelopes;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** One codec shared by many threads gives the same answers as used alone. */
class ConcurrencyTest {

    @Test
    void sharedCodecIsThreadSafe() throws Exception {
        CwmpCodec codec = CwmpCodec.create();
        List<String> paths = CannedEnvelopes.list("cwmp-1-2-device");
        List<Envelope> expected = new ArrayList<>();
        List<byte[]> encoded = new ArrayList<>();
        for (String p : paths) {
            Envelope e = codec.decode(CannedEnvelopes.bytes(p));
            expected.add(e);
            encoded.add(codec.encode(e));
        }
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                int offset = t;
                results.add(pool.submit(() -> {
                    int checked = 0;
                    for (int i = 0; i < 40; i++) {
                        int k = (i * 7 + offset) % paths.size();
                        byte[] xml = CannedEnvelopes.bytes(paths.get(k));
                        assertThat(i % 2 == 0 ? codec.decode(xml) : codec.decodeStreaming(xml)).isEqualTo(expected.get(k));
                        byte[] out = i % 3 == 0 ? codec.encode(expected.get(k)) : codec.encodeStreaming(expected.get(k));
                        assertThat(Arrays.equals(out, encoded.get(k))).isTrue();
                        checked++;
                    }
                    return checked;
                }));
            }
            for (Future<Integer> f : results) {
                assertThat(f.get(60, TimeUnit.SECONDS)).isEqualTo(40);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
