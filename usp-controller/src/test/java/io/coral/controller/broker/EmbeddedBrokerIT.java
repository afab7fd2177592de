package io.coral.controller.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

class EmbeddedBrokerIT {

    @Test
    void bindsAnEphemeralLoopbackPortAndRoutesQos1() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.builder().port(0).start()) {
            assertThat(broker.port()).isPositive();
            assertThat(broker.url()).isEqualTo("tcp://127.0.0.1:" + broker.port());
            MqttAsyncClient c = new MqttAsyncClient(broker.url(), "t1", new MemoryPersistence());
            CompletableFuture<String> got = new CompletableFuture<>();
            c.setCallback(new MqttCallback() {
                @Override public void connectionLost(Throwable cause) { }
                @Override public void messageArrived(String topic, MqttMessage m) {
                    got.complete(topic + "=" + new String(m.getPayload(), StandardCharsets.UTF_8));
                }
                @Override public void deliveryComplete(IMqttDeliveryToken token) { }
            });
            MqttConnectOptions o = new MqttConnectOptions();
            o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
            c.connect(o).waitForCompletion(5000);
            c.subscribe("a/#", 1).waitForCompletion(5000);
            c.publish("a/b/reply-to=x%2Fy", "hi".getBytes(StandardCharsets.UTF_8), 1, false).waitForCompletion(5000);
            assertThat(got.get(5, TimeUnit.SECONDS)).isEqualTo("a/b/reply-to=x%2Fy=hi");
            c.disconnect().waitForCompletion(5000);
            c.close();
        }
    }
}
