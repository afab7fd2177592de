package io.coral.simulator.usp;

import io.coral.usp.MqttBinding;
import java.util.concurrent.ScheduledExecutorService;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.ScheduledExecutorPingSender;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** MQTT 3.1.1: the reply-to topic travels in the topic name ("/reply-to=" suffix), so the agent subscribes to topic/#. */
final class Mqtt3Link extends PahoLink<MqttAsyncClient> {
    private final MqttConnectOptions options;

    Mqtt3Link(String broker, String endpointId, String topic, int qos, String username, String password,
              ScheduledExecutorService executor) throws MqttException {
        super(new MqttAsyncClient(broker, endpointId, new MemoryPersistence(),
                        new ScheduledExecutorPingSender(executor), executor),
                topic, qos, MqttAsyncClient::isConnected, c -> c.disconnect().waitForCompletion(TIMEOUT_MS),
                c -> c.close(true));
        options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(true);
        options.setKeepAliveInterval(60);
        options.setAutomaticReconnect(false);
        options.setSocketFactory(NoDelaySocketFactory.INSTANCE);
        options.setConnectionTimeout(10);
        options.setMaxInflight(1000);
        if (username != null) {
            options.setUserName(username);
            options.setPassword(password == null ? new char[0] : password.toCharArray());
        }
    }

    @Override
    public void connect(Listener listener) throws Exception {
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                listener.connectionLost(cause);
            }

            @Override
            public void messageArrived(String t, MqttMessage m) {
                listener.message(t, m.getPayload(), MqttBinding.replyTo(t).orElse(null));
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        client.connect(options).waitForCompletion(TIMEOUT_MS);
        IMqttToken sub = client.subscribe(MqttBinding.v311Filter(topic), qos);
        sub.waitForCompletion(TIMEOUT_MS);
        int[] granted = sub.getGrantedQos();
        if (granted == null || granted.length == 0 || granted[0] == 0x80) {
            throw refused();
        }
    }

    @Override
    public void publish(String to, byte[] payload) throws Exception {
        MqttMessage m = new MqttMessage(payload);
        m.setQos(qos);
        client.publish(MqttBinding.withReplyTo(to, topic), m);
    }

    @Override
    public int recordVersion() {
        return 0;
    }
}
