package io.coral.bus;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The ring behind LocalBus's stream: sequence look-ups stay right while it grows, wraps and evicts. */
class LocalEventLogTest {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-23T10:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    @Test
    void growsPastItsFirstRingAndEvictsTheOldestAtTheLimit() {
        LocalEventLog log = new LocalEventLog(5_000, Duration.ofHours(1), clock);
        assertThat(log.firstSeq()).isEqualTo(1);
        assertThat(log.next(1)).isNull();
        for (int i = 1; i <= 12_345; i++) {
            assertThat(log.append("s", bytes(i)).seq()).isEqualTo(i);
            if (i % 997 == 0) {
                assertWindow(log, Math.max(1, i - 4_999), i);
            }
        }
        assertThat(log.size()).isEqualTo(5_000);
        assertWindow(log, 7_346, 12_345);
        assertThat(log.get(7_345)).isNull();
        assertThat(log.next(1).seq()).isEqualTo(7_346);
        assertThat(log.next(12_346)).isNull();
    }

    @Test
    void agedEventsGoFirstAndAnEmptyLogStartsAfterTheLast() {
        LocalEventLog log = new LocalEventLog(100, Duration.ofMinutes(10), clock);
        for (int i = 1; i <= 30; i++) {
            log.append("s", bytes(i));
            now.set(now.get().plusSeconds(30));
        }
        log.trimAge();
        // events 1..10 were appended more than 10 minutes ago
        assertThat(log.firstSeq()).isEqualTo(11);
        assertThat(log.next(3).seq()).isEqualTo(11);
        now.set(now.get().plus(Duration.ofHours(1)));
        log.trimAge();
        assertThat(log.size()).isZero();
        assertThat(log.firstSeq()).isEqualTo(31);
        assertThat(log.next(1)).isNull();
        assertThat(log.append("s", bytes(31)).seq()).isEqualTo(31);
        assertThat(log.next(1).seq()).isEqualTo(31);
    }

    private static void assertWindow(LocalEventLog log, long first, long last) {
        assertThat(log.firstSeq()).isEqualTo(first);
        for (long seq : new long[] {first, (first + last) / 2, last}) {
            LocalEventLog.Stored s = log.get(seq);
            assertThat(s.seq()).isEqualTo(seq);
            assertThat(new String(s.data(), StandardCharsets.UTF_8)).isEqualTo(Long.toString(seq));
        }
    }

    private static byte[] bytes(long i) {
        return Long.toString(i).getBytes(StandardCharsets.UTF_8);
    }
}
