package io.coral.controller;

import io.coral.controller.broker.EmbeddedBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The same suite against the embedded broker (Moquette 0.17 speaks MQTT 3.1.1). */
class Mqtt311MoquetteIT extends AbstractControllerIT {
    private static EmbeddedBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedBroker.builder().port(0).start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Override protected String brokerUrl() { return broker.url(); }
    @Override protected MqttVersion version() { return MqttVersion.V3_1_1; }
}
