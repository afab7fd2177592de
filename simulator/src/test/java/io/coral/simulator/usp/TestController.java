package io.coral.simulator.usp;

import io.coral.usp.proto.UspMsg14.Body;
import io.coral.usp.proto.UspMsg14.Header;
import io.coral.usp.proto.UspMsg14.Msg;
import io.coral.usp.proto.UspMsg14.NotifyResp;
import io.coral.usp.proto.UspMsg14.Request;
import io.coral.usp.proto.UspMsg14.Response;
import io.coral.usp.proto.UspRecord14.NoSessionContextRecord;
import io.coral.usp.proto.UspRecord14.Record;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * The controller side for tests: raw Paho MQTT 5 on the controller topic, records built by hand from the
 * generated protobuf classes (not the simulator's code).
 */
final class TestController implements AutoCloseable {
    record Received(String topic, String responseTopic, String contentType, Record record) {
        Msg msg() throws Exception {
            return Msg.parseFrom(record.getNoSessionContext().getPayload());
        }
    }

    final String endpointId;
    final String topic;
    private final MqttClient client;
    final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

    TestController(String broker, String endpointId, String topic) throws MqttException {
        this.endpointId = endpointId;
        this.topic = topic;
        client = new MqttClient(broker, "ctrl-" + System.nanoTime(), new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse r) {
            }

            @Override
            public void mqttErrorOccurred(MqttException e) {
            }

            @Override
            public void messageArrived(String t, MqttMessage m) throws Exception {
                MqttProperties p = m.getProperties();
                received.add(new Received(t, p == null ? null : p.getResponseTopic(), p == null ? null : p.getContentType(),
                        Record.parseFrom(m.getPayload())));
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
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        client.connect(o);
        client.subscribe(topic + "/#", 1);
    }

    Received next() throws InterruptedException {
        Received r = received.poll(10, TimeUnit.SECONDS);
        if (r == null) {
            throw new AssertionError("nothing reached the controller within 10 s");
        }
        return r;
    }

    /** The next record carrying a Msg (skips connect/disconnect records). */
    Received nextMsg() throws InterruptedException {
        while (true) {
            Received r = next();
            if (r.record().hasNoSessionContext()) {
                return r;
            }
        }
    }

    void send(String agentId, String agentTopic, Msg msg) throws MqttException {
        Record rec = Record.newBuilder().setVersion("1.3").setToId(agentId).setFromId(endpointId)
                .setNoSessionContext(NoSessionContextRecord.newBuilder().setPayload(msg.toByteString())).build();
        MqttMessage m = new MqttMessage(rec.toByteArray());
        m.setQos(1);
        MqttProperties p = new MqttProperties();
        p.setResponseTopic(topic);
        p.setContentType("usp.msg");
        m.setProperties(p);
        client.publish(agentTopic, m);
    }

    static Msg request(String id, Request.Builder r) {
        return Msg.newBuilder().setHeader(Header.newBuilder().setMsgId(id)).setBody(Body.newBuilder().setRequest(r)).build();
    }

    static Msg notifyResp(String id, String subscriptionId) {
        return Msg.newBuilder().setHeader(Header.newBuilder().setMsgId(id).setMsgType(Header.MsgType.NOTIFY_RESP))
                .setBody(Body.newBuilder().setResponse(Response.newBuilder().setNotifyResp(
                        NotifyResp.newBuilder().setSubscriptionId(subscriptionId)))).build();
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect();
        }
        client.close();
    }
}
