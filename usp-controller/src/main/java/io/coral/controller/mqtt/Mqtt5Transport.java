package io.coral.controller.mqtt;

import io.coral.usp.MqttBinding;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MQTT 5 MTP (R-MQTT.13/23/26/27): CONNECT carries the {@code usp-endpoint-id} user property and asks
 * for response information; every PUBLISH has content type {@code usp.msg} and our Response Topic.
 */
public final class Mqtt5Transport extends AbstractMqttTransport<MqttAsyncClient> {
    private static final Logger log = LoggerFactory.getLogger(Mqtt5Transport.class);

    public Mqtt5Transport(MqttSettings settings) {
        super(settings, MqttAsyncClient::isConnected, c -> c.disconnect(1000).waitForCompletion(2000),
                c -> c.close(true));
    }

    @Override
    public String version() {
        return "5";
    }

    @Override
    protected int connectAndSubscribe(Duration wait) throws Exception {
        disconnectQuietly();
        MqttAsyncClient c = new MqttAsyncClient(settings.serverUri(), settings.clientId(), new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        o.setAutomaticReconnect(false);
        o.setKeepAliveInterval(settings.keepAliveSec());
        o.setConnectionTimeout((int) Math.max(1, wait.toSeconds()));
        o.setSocketFactory(socketFactory());
        o.setRequestResponseInfo(true);
        o.setReceiveMaximum(Math.min(65535, Math.max(settings.maxInflight(), 1)));
        o.setUserProperties(List.of(new UserProperty(MqttBinding.ENDPOINT_ID_PROPERTY, settings.endpointId())));
        if (settings.username() != null) {
            o.setUserName(settings.username());
        }
        if (settings.password() != null) {
            o.setPassword(new String(settings.password()).getBytes(StandardCharsets.UTF_8));
        }
        c.setCallback(new Callback(c));
        use(c);
        IMqttToken token = c.connect(o);
        token.waitForCompletion(wait.toMillis());
        int window = settings.maxInflight();
        MqttProperties props = token.getResponseProperties();
        if (props != null && props.getReceiveMaximum() != null) {
            window = Math.min(window, props.getReceiveMaximum());
        }
        IMqttToken sub = c.subscribe(settings.subscription(), 1);
        sub.waitForCompletion(wait.toMillis());
        int[] codes = sub.getReasonCodes();
        if (codes != null && codes.length > 0 && codes[0] > 2) {
            throw new IllegalStateException("SUBSCRIBE " + settings.subscription() + " refused, reason code " + codes[0]);
        }
        return window;
    }

    @Override
    protected void send(String agentTopic, byte[] record, Runnable done) throws Exception {
        MqttMessage m = new MqttMessage(record);
        m.setQos(1);
        MqttProperties p = new MqttProperties();
        p.setContentType(MqttBinding.CONTENT_TYPE);
        p.setResponseTopic(settings.replyTopic());
        m.setProperties(p);
        client().publish(agentTopic, m, null, new PublishListener(agentTopic, done));
    }

    private final class Callback implements MqttCallback {
        private final MqttAsyncClient owner;

        Callback(MqttAsyncClient owner) {
            this.owner = owner;
        }

        @Override public void disconnected(MqttDisconnectResponse r) {
            connectionLost(owner, r.getException() != null ? r.getException() : new IllegalStateException(r.toString()));
        }

        @Override public void mqttErrorOccurred(MqttException e) {
            log.warn("MQTT 5 error: {}", e.toString());
        }

        @Override public void messageArrived(String topic, MqttMessage message) {
            MqttProperties p = message.getProperties();
            String contentType = p == null ? null : p.getContentType();
            String replyTo = p == null ? null : p.getResponseTopic();
            String endpoint = null;
            if (p != null && p.getUserProperties() != null) {
                for (UserProperty u : p.getUserProperties()) {
                    if (MqttBinding.ENDPOINT_ID_PROPERTY.equals(u.getKey())) {
                        endpoint = u.getValue();
                    }
                }
            }
            inbound.accept(new InboundPublish(topic, message.getPayload(), replyTo, contentType, endpoint));
        }

        @Override public void deliveryComplete(IMqttToken token) { }

        @Override public void connectComplete(boolean reconnect, String serverURI) { }

        @Override public void authPacketArrived(int reasonCode, MqttProperties properties) { }
    }
}
