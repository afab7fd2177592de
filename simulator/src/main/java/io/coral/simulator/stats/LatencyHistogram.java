package io.coral.simulator.stats;

import java.util.concurrent.atomic.AtomicLongArray;

/** Lock-free log-linear histogram of microsecond latencies (8 sub-buckets per power of two, ~9% precision). */
public final class LatencyHistogram {
    private static final int SUB = 8;
    private final AtomicLongArray buckets = new AtomicLongArray(64 * SUB);

    public void record(long micros) {
        buckets.incrementAndGet(index(Math.max(0, micros)));
    }

    static int index(long v) {
        if (v < SUB) {
            return (int) v;
        }
        int log = 63 - Long.numberOfLeadingZeros(v);
        int sub = (int) ((v >>> (log - 3)) & (SUB - 1));
        return (log - 2) * SUB + sub;
    }

    /** Upper bound of the values in bucket {@code i}. */
    static long upper(int i) {
        if (i < SUB) {
            return i;
        }
        int log = i / SUB + 2;
        int sub = i % SUB;
        return ((long) (SUB + sub + 1) << (log - 3)) - 1;
    }

    public long count() {
        long n = 0;
        for (int i = 0; i < buckets.length(); i++) {
            n += buckets.get(i);
        }
        return n;
    }

    /** The value below which {@code fraction} of the recordings fall (0 when empty). */
    public long percentile(double fraction) {
        long total = count();
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(fraction * total);
        long seen = 0;
        for (int i = 0; i < buckets.length(); i++) {
            seen += buckets.get(i);
            if (seen >= rank) {
                return upper(i);
            }
        }
        return upper(buckets.length() - 1);
    }
}
