package io.coral.it;

import io.coral.platform.CoralPlatform;
import org.junit.jupiter.api.BeforeAll;

/** The one-JVM default: the embedded broker (Moquette, MQTT 3.1.1) and an MQTT 3.1.1 agent. */
class UspEmbeddedBrokerIT extends UspWholeStack {
    @BeforeAll
    static void start() throws Exception {
        start(CoralPlatform.builder().mqttPort(0), null, "3.1.1", "usp/controller/coral");
    }
}
