package io.coral.controller;

import io.coral.controller.testing.MosquittoFixture;

class Mqtt5MosquittoIT extends AbstractControllerIT {
    @Override protected String brokerUrl() { return MosquittoFixture.url(); }
    @Override protected MqttVersion version() { return MqttVersion.V5; }
}
