package io.coral.acs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coral.store.DeviceStatus;
import io.coral.store.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Offline once the periodic interval plus grace passes; one sweeper at a time across instances. */
class AcsStatusTest {

    @Test
    void silentDeviceGoesOfflineOnceAndComesBackOnline() {
        MutableClock clock = new MutableClock(Instant.now());
        try (AcsHarness h = AcsHarness.start(b -> b.clock(clock).offlineGrace(Duration.ofSeconds(30))
                .sweepInterval(Duration.ofMillis(100)).instanceId("acs-a"))) {
            // A second instance on the same store and bus: its sweeper competes for the same lease.
            AcsServer second = AcsServer.builder().bus(h.bus).store(h.store).port(0).host("127.0.0.1")
                    .instanceId("acs-b").clock(clock).offlineGrace(Duration.ofSeconds(30))
                    .sweepInterval(Duration.ofMillis(100)).build().start();
            try {
                TestCpe cpe = h.cpe(Dialect.CWMP10, "SWEEP-1");
                cpe.interval = "60";
                cpe.inform("1 BOOT");
                cpe.emptyPost();
                TestCpe viaSecond = new TestCpe(java.net.URI.create(second.url()), Dialect.CWMP12, "SWEEP-2", true);
                viaSecond.interval = "600";
                viaSecond.inform("1 BOOT");
                viaSecond.emptyPost();
                assertThat(h.store.devices().find("SWEEP-1").orElseThrow().status()).isEqualTo(DeviceStatus.ONLINE);

                clock.advance(Duration.ofSeconds(95));
                h.awaitEvent("coral.events.device.status.SWEEP-1", j -> j.get("status").asInt() == 0);
                assertThat(h.store.devices().find("SWEEP-1").orElseThrow().status()).isEqualTo(DeviceStatus.OFFLINE);
                // SWEEP-2's interval (600 s) has not passed.
                assertThat(h.store.devices().find("SWEEP-2").orElseThrow().status()).isEqualTo(DeviceStatus.ONLINE);
                // Several rounds on two instances later, still one offline event.
                clock.advance(Duration.ofSeconds(1));
                await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(5)).until(() ->
                        h.events("coral.events.device.status.SWEEP-1").stream()
                                .filter(s -> s.json().get("status").asInt() == 0).count() == 1);

                cpe.inform("2 PERIODIC");
                cpe.emptyPost();
                assertThat(h.store.devices().find("SWEEP-1").orElseThrow().status()).isEqualTo(DeviceStatus.ONLINE);
                assertThat(h.events("coral.events.device.status.SWEEP-1").stream()
                        .filter(s -> s.json().get("status").asInt() == 2).count()).isEqualTo(2);
            } finally {
                second.close();
            }
        }
    }
}
