package io.coral.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coral.bus.LocalBus;
import io.coral.store.embedded.EmbeddedMongo;
import io.coral.store.mongo.MongoStore;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ControllerBuilderTest {

    @Test
    void defaultsAndSubscriptionFilters() {
        try (LocalBus bus = new LocalBus(); EmbeddedMongo mongo = EmbeddedMongo.inMemory(); MongoStore store = MongoStore.open(mongo.uri())) {
            ControllerConfig c = UspController.builder().bus(bus).store(store).build().config();
            assertThat(c.endpointId()).isEqualTo("proto::coral");
            assertThat(c.controllerTopic()).isEqualTo("usp/controller/coral");
            assertThat(c.mqttVersion()).isEqualTo(MqttVersion.V5);
            assertThat(c.subscription()).isEqualTo("usp/controller/coral");
            assertThat(c.clientId()).startsWith("proto::coral-" + c.instanceId());
            assertThat(c.instanceId()).matches("[a-z0-9]{8}");

            ControllerConfig shared311 = UspController.builder().bus(bus).store(store).mqttVersion(MqttVersion.V3_1_1)
                    .sharedSubscriptionGroup("g").livenessInterval(Duration.ZERO).build().config();
            assertThat(shared311.subscription()).isEqualTo("$share/g/usp/controller/coral/#");
            assertThat(shared311.livenessProbe()).isEqualTo(LivenessProbe.NONE);

            assertThatThrownBy(() -> UspController.builder().bus(bus).store(store).endpointId("nope").build())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope");
            assertThatThrownBy(() -> UspController.builder().bus(bus).store(store).controllerTopic("usp/+").build())
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void mqttVersionsParse() {
        assertThat(MqttVersion.parse("5")).isEqualTo(MqttVersion.V5);
        assertThat(MqttVersion.parse("v5.0")).isEqualTo(MqttVersion.V5);
        assertThat(MqttVersion.parse("3.1.1")).isEqualTo(MqttVersion.V3_1_1);
        assertThatThrownBy(() -> MqttVersion.parse("4")).isInstanceOf(IllegalArgumentException.class);
    }
}
