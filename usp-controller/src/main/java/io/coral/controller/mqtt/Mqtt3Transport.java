package io.coral.controller.mqtt;

import io.coral.usp.MqttBinding;
import java.time.Duration;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * MQTT 3.1.1 MTP (R-MQTT.24/25): no properties, so our reply-to travels as a {@code /reply-to=} suffix
 * of the topic name, and agents' reply-to comes from theirs; we subscribe to {@code <topic>/#}.
 */
public final class Mqtt3Transport extends AbstractMqttTransport<MqttAsyncClient> {
    public Mqtt3Transport(MqttSettings settings) {
        super(settings, MqttAsyncClient::isConnected, c -> c.disconnect(1000).waitForCompletion(2000),
                c -> c.close(true));
    }

    @Override
    public String version() {
        return "3.1.1";
    }

    @Override
    protected int connectAndSubscribe(Duration wait) throws Exception {
        disconnectQuietly();
        MqttAsyncClient c = new MqttAsyncClient(settings.serverUri(), settings.clientId(), new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setCleanSession(true);
        o.setAutomaticReconnect(false);
        o.setKeepAliveInterval(settings.keepAliveSec());
        o.setConnectionTimeout((int) Math.max(1, wait.toSeconds()));
        o.setSocketFactory(socketFactory());
        o.setMaxInflight(Math.max(1, settings.maxInflight()));
        if (settings.username() != null) {
            o.setUserName(settings.username());
        }
        if (settings.password() != null) {
            o.setPassword(settings.password());
        }
        c.setCallback(new Callback(c));
        use(c);
        c.connect(o).waitForCompletion(wait.toMillis());
        IMqttToken sub = c.subscribe(settings.subscription(), 1);
        sub.waitForCompletion(wait.toMillis());
        int[] granted = sub.getGrantedQos();
        if (granted != null && granted.length > 0 && granted[0] == 0x80) {
            throw new IllegalStateException("SUBSCRIBE " + settings.subscription() + " refused");
        }
        return settings.maxInflight();
    }

    @Override
    protected void send(String agentTopic, byte[] record, Runnable done) throws Exception {
        MqttMessage m = new MqttMessage(record);
        m.setQos(1);
        client().publish(MqttBinding.withReplyTo(agentTopic, settings.replyTopic()), m, null,
                new PublishListener(agentTopic, done));
    }

    private final class Callback implements MqttCallbackExtended {
        private final MqttAsyncClient owner;

        Callback(MqttAsyncClient owner) {
            this.owner = owner;
        }

        @Override public void connectionLost(Throwable cause) {
            Mqtt3Transport.this.connectionLost(owner, cause);
        }

        @Override public void messageArrived(String topic, MqttMessage message) {
            inbound.accept(new InboundPublish(topic, message.getPayload(), MqttBinding.replyTo(topic).orElse(null), null, null));
        }

        @Override public void deliveryComplete(IMqttDeliveryToken token) { }

        @Override public void connectComplete(boolean reconnect, String serverURI) { }
    }
}
