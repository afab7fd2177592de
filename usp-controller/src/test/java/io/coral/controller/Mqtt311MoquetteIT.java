package io.coral.controller;

import io.coral.controller.broker.EmbeddedBroker;

/** The same suite against the embedded broker (Moquette 0.17 speaks MQTT 3.1.1). */
class Mqtt311MoquetteIT extends AbstractControllerIT {
    private EmbeddedBroker broker;

    @Override
    protected synchronized String brokerUrl() {
        if (broker == null) {
            broker = EmbeddedBroker.builder().port(0).start();
        }
        return broker.url();
    }

    @Override
    protected void afterController() {
        broker.close();
    }

    @Override protected MqttVersion version() { return MqttVersion.V3_1_1; }
}
