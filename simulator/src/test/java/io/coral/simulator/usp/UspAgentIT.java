package io.coral.simulator.usp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coral.usp.proto.UspMsg14.Get;
import io.coral.usp.proto.UspMsg14.Header;
import io.coral.usp.proto.UspMsg14.Msg;
import io.coral.usp.proto.UspMsg14.Notify;
import io.coral.usp.proto.UspMsg14.Operate;
import io.coral.usp.proto.UspMsg14.Request;
import io.coral.usp.proto.UspRecord14.MQTTConnectRecord;
import io.coral.usp.proto.UspRecord14.Record;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Simulated USP agents on a real broker, driven by a raw-Paho controller. */
class UspAgentIT {
    private static MosquittoFixture broker;

    @BeforeAll
    static void broker() throws Exception {
        broker = MosquittoFixture.start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    private static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private UspFleet fleet(String version, String ctrlId, String ctrlTopic, String prefix) {
        return UspFleet.builder().brokerUrl(broker.url()).mqttVersion(version).prefix(prefix).controllerId(ctrlId)
                .controllerTopic(ctrlTopic).notifyRetryMinWait(Duration.ofMillis(300)).asyncDelay(Duration.ofMillis(50))
                .build();
    }

    @Test
    void mqtt5ConnectRecordBootNotifyRetriedUntilAnsweredThenGetAndReboot() throws Exception {
        String id = unique();
        String ctrlId = "proto::ctrl-" + id;
        try (TestController ctrl = new TestController(broker.url(), ctrlId, "usp/controller/" + id);
             UspFleet fleet = fleet("5", ctrlId, ctrl.topic, "U" + id)) {
            fleet.start();
            UspAgent agent = fleet.agents().getFirst();
            String agentTopic = "usp/agent/" + agent.endpointId();

            TestController.Received connect = ctrl.next();
            assertThat(connect.record().getFromId()).isEqualTo(agent.endpointId());
            assertThat(connect.record().getToId()).isEqualTo(ctrlId);
            assertThat(connect.record().getMqttConnect().getVersion()).isEqualTo(MQTTConnectRecord.MQTTVersion.V5);
            assertThat(connect.record().getMqttConnect().getSubscribedTopic()).isEqualTo(agentTopic);
            assertThat(connect.responseTopic()).isEqualTo(agentTopic);
            assertThat(connect.contentType()).isEqualTo("usp.msg");

            Msg boot = ctrl.nextMsg().msg();
            Notify n = boot.getBody().getRequest().getNotify();
            assertThat(n.getEvent().getEventName()).isEqualTo("Boot!");
            assertThat(n.getEvent().getObjPath()).isEqualTo("Device.");
            assertThat(n.getEvent().getParamsMap()).containsEntry("Cause", "LocalReboot");
            assertThat(n.getSubscriptionId()).isEqualTo("boot");
            assertThat(n.getSendResp()).isTrue();
            // not answered: the same msg_id comes again
            Msg retry = ctrl.nextMsg().msg();
            assertThat(retry.getHeader().getMsgId()).isEqualTo(boot.getHeader().getMsgId());
            ctrl.send(agent.endpointId(), agentTopic, TestController.notifyResp(boot.getHeader().getMsgId(), "boot"));
            await().atMost(Duration.ofSeconds(5)).until(() -> agent.pendingNotifications() == 0);
            ctrl.received.clear();

            ctrl.send(agent.endpointId(), agentTopic, TestController.request("g1", Request.newBuilder()
                    .setGet(Get.newBuilder().addParamPaths("Device.DeviceInfo.SerialNumber"))));
            TestController.Received got = ctrl.nextMsg();
            assertThat(got.record().getToId()).isEqualTo(ctrlId);
            Msg resp = got.msg();
            assertThat(resp.getHeader().getMsgId()).isEqualTo("g1");
            assertThat(resp.getHeader().getMsgType()).isEqualTo(Header.MsgType.GET_RESP);
            assertThat(resp.getBody().getResponse().getGetResp().getReqPathResults(0).getResolvedPathResults(0)
                    .getResultParamsMap()).containsEntry("SerialNumber", "U" + id + "000001");

            ctrl.send(agent.endpointId(), agentTopic, TestController.request("r1", Request.newBuilder()
                    .setOperate(Operate.newBuilder().setCommand("Device.Reboot()").setCommandKey("rk").setSendResp(true))));
            assertThat(ctrl.nextMsg().msg().getHeader().getMsgType()).isEqualTo(Header.MsgType.OPERATE_RESP);
            Record disconnect = ctrl.next().record();
            assertThat(disconnect.hasDisconnect()).isTrue();
            assertThat(ctrl.next().record().hasMqttConnect()).isTrue();
            Notify reboot = ctrl.nextMsg().msg().getBody().getRequest().getNotify();
            assertThat(reboot.getEvent().getParamsMap()).containsEntry("Cause", "RemoteReboot").containsEntry("CommandKey", "rk");
        }
    }

    @Test
    void mqtt311UsesReplyToInTheTopicAndSendsDisconnectRecordOnClose() throws Exception {
        String id = unique();
        String ctrlId = "proto::ctrl-" + id;
        try (TestController ctrl = new TestController(broker.url(), ctrlId, "usp/controller/" + id)) {
            UspFleet fleet = fleet("3.1.1", ctrlId, ctrl.topic, "V" + id);
            fleet.start();
            UspAgent agent = fleet.agents().getFirst();
            String agentTopic = "usp/agent/" + agent.endpointId();
            TestController.Received connect = ctrl.next();
            assertThat(connect.record().getMqttConnect().getVersion()).isEqualTo(MQTTConnectRecord.MQTTVersion.V3_1_1);
            assertThat(connect.topic()).isEqualTo(ctrl.topic + "/reply-to=" + agentTopic.replace("/", "%2F"));

            // a 3.1.1 controller: the reply-to travels in the topic name
            MqttClient v3 = new MqttClient(broker.url(), "v3ctrl-" + id, new MemoryPersistence());
            v3.connect();
            Msg get = TestController.request("g3", Request.newBuilder().setGet(Get.newBuilder()
                    .addParamPaths("Device.LocalAgent.EndpointID")));
            Record rec = Record.newBuilder().setVersion("1.3").setToId(agent.endpointId()).setFromId(ctrlId)
                    .setNoSessionContext(io.coral.usp.proto.UspRecord14.NoSessionContextRecord.newBuilder()
                            .setPayload(get.toByteString())).build();
            v3.publish(agentTopic + "/reply-to=" + (ctrl.topic + "/v3").replace("/", "%2F"), new MqttMessage(rec.toByteArray()));
            TestController.Received answer;
            do {
                answer = ctrl.nextMsg();
            } while (!answer.msg().getHeader().getMsgId().equals("g3"));
            assertThat(answer.topic()).startsWith(ctrl.topic + "/v3");
            assertThat(answer.msg().getBody().getResponse().getGetResp().getReqPathResults(0).getResolvedPathResults(0)
                    .getResultParamsMap()).containsEntry("EndpointID", agent.endpointId());

            // garbage is dropped, the agent keeps serving
            v3.publish(agentTopic, new MqttMessage("not a record".getBytes(StandardCharsets.UTF_8)));
            v3.disconnect();
            v3.close();

            ctrl.received.clear();
            fleet.close();
            TestController.Received bye;
            do {
                bye = ctrl.next();
            } while (!bye.record().hasDisconnect());
            assertThat(bye.record().getFromId()).isEqualTo(agent.endpointId());
        }
    }

    @Test
    void commandLineRunsAgentsAndExitsZero() {
        assertThat(io.coral.simulator.Main.run("usp", "--broker", broker.url(), "--count", "3", "--prefix", "C" + unique(),
                "--mqtt-version", "3.1.1", "--controller-topic", "usp/controller/" + unique(), "--duration", "2s", "-q"))
                .isZero();
        assertThat(io.coral.simulator.Main.run("usp", "--broker", "tcp://127.0.0.1:1", "--duration", "1s", "-q"))
                .isEqualTo(1);
    }

    @Test
    void manyAgentsShareOneExecutorAndAllConnect() throws Exception {
        String id = unique();
        String ctrlId = "proto::ctrl-" + id;
        try (TestController ctrl = new TestController(broker.url(), ctrlId, "usp/controller/" + id);
             UspFleet fleet = UspFleet.builder().brokerUrl(broker.url()).count(50).prefix("M" + id).controllerId(ctrlId)
                     .controllerTopic(ctrl.topic).rampPerSecond(500).build()) {
            fleet.start();
            await().atMost(Duration.ofSeconds(20)).until(() -> fleet.agents().stream().allMatch(UspAgent::connected));
            assertThat(fleet.stats().snapshot().started()).isEqualTo(50);
            assertThat(fleet.stats().snapshot().errors()).isEmpty();
        }
    }
}
