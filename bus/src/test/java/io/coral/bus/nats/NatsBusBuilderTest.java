package io.coral.bus.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class NatsBusBuilderTest {

    @Test
    void durationsReadAsOperatorsWriteThem() {
        assertThat(NatsBus.Builder.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(NatsBus.Builder.parseDuration("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(NatsBus.Builder.parseDuration("90")).isEqualTo(Duration.ofSeconds(90));
        assertThat(NatsBus.Builder.parseDuration("10m")).isEqualTo(Duration.ofMinutes(10));
        assertThat(NatsBus.Builder.parseDuration("24h")).isEqualTo(Duration.ofHours(24));
        assertThat(NatsBus.Builder.parseDuration("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(NatsBus.Builder.parseDuration("PT1H30M")).isEqualTo(Duration.ofMinutes(90));
        assertThatThrownBy(() -> NatsBus.Builder.parseDuration("5 weeks")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sizesAcceptBinaryUnits() {
        assertThat(NatsBus.Builder.parseBytes("1024")).isEqualTo(1024);
        assertThat(NatsBus.Builder.parseBytes("64MiB")).isEqualTo(64L << 20);
        assertThat(NatsBus.Builder.parseBytes("2G")).isEqualTo(2L << 30);
        assertThat(NatsBus.Builder.parseBytes("512kb")).isEqualTo(512L << 10);
    }

    @Test
    void invalidSettingsAreRejectedBeforeConnecting() {
        assertThatThrownBy(() -> NatsBus.builder().prefix("bad prefix").build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NatsBus.builder().streamMaxBytes(0).build()).isInstanceOf(IllegalArgumentException.class);
    }
}
