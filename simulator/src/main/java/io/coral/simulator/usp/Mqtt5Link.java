package io.coral.simulator.usp;

import io.coral.usp.MqttBinding;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.TimerPingSender;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;

/** MQTT 5: usp-endpoint-id user property in CONNECT, Response Topic and content type on every PUBLISH. */
final class Mqtt5Link extends PahoLink<MqttAsyncClient> {
    private final String endpointId;
    private final MqttConnectionOptions options;

    Mqtt5Link(String broker, String endpointId, String topic, int qos, String username, String password,
              ScheduledExecutorService executor) throws MqttException {
        super(new MqttAsyncClient(broker, endpointId, new MemoryPersistence(), new TimerPingSender(executor), executor),
                topic, qos, MqttAsyncClient::isConnected, c -> c.disconnect().waitForCompletion(TIMEOUT_MS),
                c -> c.close(true));
        this.endpointId = endpointId;
        options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setKeepAliveInterval(60);
        options.setAutomaticReconnect(false);
        options.setRequestResponseInfo(true);
        options.setSocketFactory(NoDelaySocketFactory.INSTANCE);
        options.setConnectionTimeout(10);
        options.setUserProperties(List.of(new UserProperty(MqttBinding.ENDPOINT_ID_PROPERTY, endpointId)));
        if (username != null) {
            options.setUserName(username);
            options.setPassword(password == null ? new byte[0] : password.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    @Override
    public void connect(Listener listener) throws Exception {
        client.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse r) {
                listener.connectionLost(r.getException());
            }

            @Override
            public void mqttErrorOccurred(MqttException e) {
                listener.connectionLost(e);
            }

            @Override
            public void messageArrived(String t, MqttMessage m) {
                MqttProperties p = m.getProperties();
                listener.message(t, m.getPayload(), p == null ? null : p.getResponseTopic());
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
            }

            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
            }
        });
        client.connect(options).waitForCompletion(TIMEOUT_MS);
        IMqttToken sub = client.subscribe(new MqttSubscription(topic, qos));
        sub.waitForCompletion(TIMEOUT_MS);
        int[] codes = sub.getReasonCodes();
        if (codes == null || codes.length == 0 || codes[0] >= 0x80) {
            throw refused();
        }
    }

    @Override
    public void publish(String to, byte[] payload) throws Exception {
        MqttMessage m = new MqttMessage(payload);
        m.setQos(qos);
        MqttProperties p = new MqttProperties();
        p.setResponseTopic(topic);
        p.setContentType(MqttBinding.CONTENT_TYPE);
        m.setProperties(p);
        client.publish(to, m);
    }

    @Override
    public int recordVersion() {
        return 1;
    }

    @Override
    public String toString() {
        return "mqtt5:" + endpointId;
    }
}
