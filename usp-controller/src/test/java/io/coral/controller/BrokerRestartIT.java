package io.coral.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coral.controller.broker.EmbeddedBroker;
import io.coral.controller.testing.TestAgent;
import io.coral.store.DeviceStatus;
import io.coral.usp.UspRequests;
import io.coral.usp.proto.UspMsg14.Header.MsgType;
import io.coral.usp.proto.UspMsg14.Msg;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The broker goes away and comes back on the same port: the controller reconnects and resubscribes by itself. */
class BrokerRestartIT {

    @Test
    void theControllerReconnectsAndResubscribesAfterTheBrokerRestarts() throws Exception {
        EmbeddedBroker broker = EmbeddedBroker.builder().port(0).start();
        int port = broker.port();
        try (Harness h = new Harness()) {
            UspController c = h.start(h.controller(broker.url(), MqttVersion.V3_1_1).bootSubscription(false)
                    .reconnectDelay(Duration.ofMillis(100), Duration.ofMillis(500)));
            assertThat(c.isConnected()).isTrue();
            broker.close();
            await().atMost(Duration.ofSeconds(10)).until(() -> !c.isConnected());

            broker = EmbeddedBroker.builder().port(port).start();
            await().atMost(Duration.ofSeconds(15)).until(c::isConnected);

            String eid = "os::00256D-restart-" + System.nanoTime();
            try (TestAgent agent = new TestAgent(broker.url(), eid, Harness.CONTROLLER_ID, c.config().controllerTopic(), false)) {
                agent.connect();
                await().atMost(Duration.ofSeconds(10)).until(() -> h.store.devices().find(eid)
                        .map(d -> d.usp().status() == DeviceStatus.ONLINE).orElse(false));
                Msg m = c.send(eid, UspRequests.get("Device.DeviceInfo.ModelName").build()).get(10, TimeUnit.SECONDS);
                assertThat(m.getHeader().getMsgType()).isEqualTo(MsgType.GET_RESP);
            }
        } finally {
            broker.close();
        }
    }
}
