package io.coral.it;

import io.coral.controller.testing.MosquittoFixture;
import io.coral.platform.CoralPlatform;
import org.junit.jupiter.api.BeforeAll;

/** The platform on an external Mosquitto broker with an MQTT 5 agent (response topic, content type). */
class UspMosquittoMqtt5IT extends UspWholeStack {
    @BeforeAll
    static void start() throws Exception {
        String url = MosquittoFixture.url();
        start(CoralPlatform.builder().mqttUrl(url), url, "5", "usp/controller/it5-" + ProcessHandle.current().pid());
    }
}
