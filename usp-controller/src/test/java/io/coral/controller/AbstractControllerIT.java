package io.coral.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coral.bus.command.UspMsgReply;
import io.coral.controller.testing.TestAgent;
import io.coral.store.Device;
import io.coral.store.DeviceStatus;
import io.coral.usp.UspRequests;
import io.coral.usp.proto.UspMsg14.Header.MsgType;
import io.coral.usp.proto.UspMsg14.Msg;
import io.coral.usp.proto.UspMsg14.Notify;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The controller against a real broker and a raw-Paho agent; subclasses pick broker and MQTT version.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractControllerIT {
    private static int counter;

    protected Harness h;
    protected UspController controller;
    protected TestAgent agent;

    protected abstract String brokerUrl();

    protected abstract MqttVersion version();

    /** One bus, store and controller per class; a fresh agent (own endpoint id) per test. */
    @BeforeAll
    void startController() {
        h = new Harness();
        controller = h.start(h.controller(brokerUrl(), version()));
    }

    @AfterAll
    void stopController() {
        h.close();
        afterController();
    }

    /** Runs once the class's controller is closed (a broker of the subclass's own can stop then). */
    protected void afterController() {
    }

    @BeforeEach
    void connectAgent() throws Exception {
        agent = newAgent("os::00256D-" + getClass().getSimpleName() + "-" + (++counter) + "-" + System.nanoTime()).connect();
        await().atMost(Duration.ofSeconds(10)).until(() -> online(agent.endpointId()));
    }

    @AfterEach
    void closeAgent() throws Exception {
        if (agent != null) {
            agent.close();
        }
    }

    protected TestAgent newAgent(String eid) {
        return newAgent(eid, controller.config().controllerTopic());
    }

    protected TestAgent newAgent(String eid, String controllerTopic) {
        return new TestAgent(brokerUrl(), eid, Harness.CONTROLLER_ID, controllerTopic, version() == MqttVersion.V5);
    }

    protected boolean online(String eid) {
        return h.store.devices().find(eid).map(d -> d.usp() != null && d.usp().status() == DeviceStatus.ONLINE).orElse(false);
    }

    protected boolean offline(String eid) {
        return h.store.devices().find(eid).map(d -> d.usp() != null && d.usp().status() == DeviceStatus.OFFLINE).orElse(false);
    }

    protected static Msg msg(UspMsgReply r) {
        return Harness.msg(r);
    }

    protected UspMsgReply call(Msg msg) throws Exception {
        return h.request(agent.endpointId(), msg, 5000).get(15, TimeUnit.SECONDS);
    }

    @Test
    void connectRecordMakesTheAgentOnlineWithItsTopicAndDeviceInfo() {
        String eid = agent.endpointId();
        Device d = h.store.devices().find(eid).orElseThrow();
        assertThat(d.usp().replyTopic()).isEqualTo(agent.topic());
        assertThat(d.usp().mqttVersion()).isEqualTo(version().label());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(h.news).anySatisfy(n -> {
                assertThat(n.sn()).isEqualTo(eid);
                assertThat(n.protocol()).isEqualTo("usp");
                assertThat(n.vendor()).isEqualTo(TestAgent.MANUFACTURER);
                assertThat(n.model()).isEqualTo(TestAgent.MODEL);
            });
            assertThat(h.statuses).anySatisfy(s -> {
                assertThat(s.sn()).isEqualTo(eid);
                assertThat(s.status()).isEqualTo(DeviceStatus.ONLINE);
            });
            Device stored = h.store.devices().find(eid).orElseThrow();
            assertThat(stored.vendor()).isEqualTo(TestAgent.MANUFACTURER);
            assertThat(stored.version()).isEqualTo(TestAgent.SOFTWARE);
        });
    }

    @Test
    void bootSubscriptionIsCreatedOnceForAnAgentLackingIt() {
        await().atMost(Duration.ofSeconds(10)).until(() -> agent.subscriptionIds().containsValue("coral-boot"));
        assertThat(agent.params()).containsEntry(agent.subscriptionIds().keySet().iterator().next() + "ReferenceList", "Device.Boot!");
        assertThat(agent.subscriptionIds()).hasSize(1);
    }

    @Test
    void bootNotifyIsAnsweredPublishedAndRefreshesTheDevice() throws Exception {
        agent.params().put("Device.DeviceInfo.SoftwareVersion", "2.0.0");
        agent.sendBoot("boot-1", true);
        Msg resp = agent.notifyResponses.poll(10, TimeUnit.SECONDS);
        assertThat(resp).isNotNull();
        assertThat(resp.getHeader().getMsgId()).isEqualTo("boot-1");
        assertThat(resp.getHeader().getMsgType()).isEqualTo(MsgType.NOTIFY_RESP);
        assertThat(resp.getBody().getResponse().getNotifyResp().getSubscriptionId()).isEqualTo("coral-boot");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(h.notifies).anySatisfy(n -> {
                assertThat(n.sn()).isEqualTo(agent.endpointId());
                assertThat(n.type()).isEqualTo("Event");
                assertThat(n.eventName()).isEqualTo("Boot!");
                assertThat(n.path()).isEqualTo("Device.");
                assertThat(n.params()).containsEntry("Cause", "LocalReboot");
            });
            assertThat(h.store.devices().find(agent.endpointId()).orElseThrow().version()).isEqualTo("2.0.0");
        });
    }

    @Test
    void everyRequestTypeRoundTripsOverTheBus() throws Exception {
        Msg get = msg(call(UspRequests.get("Device.DeviceInfo.").maxDepth(1).build()));
        assertThat(get.getHeader().getMsgType()).isEqualTo(MsgType.GET_RESP);
        assertThat(get.getBody().getResponse().getGetResp().getReqPathResults(0).getResolvedPathResults(0).getResultParamsMap())
                .containsEntry("Manufacturer", TestAgent.MANUFACTURER);

        Msg set = msg(call(UspRequests.set().param("Device.WiFi.SSID.1.SSID", "coral-5g").build()));
        assertThat(set.getHeader().getMsgType()).isEqualTo(MsgType.SET_RESP);
        assertThat(agent.params()).containsEntry("Device.WiFi.SSID.1.SSID", "coral-5g");

        Msg add = msg(call(UspRequests.add().create("Device.NAT.PortMapping.", Map.of("Alias", "web", "ExternalPort", "80")).build()));
        String inst = add.getBody().getResponse().getAddResp().getCreatedObjResults(0).getOperStatus().getOperSuccess().getInstantiatedPath();
        assertThat(inst).isEqualTo("Device.NAT.PortMapping.1.");

        Msg instances = msg(call(UspRequests.getInstances("Device.NAT.PortMapping.").build()));
        assertThat(instances.getBody().getResponse().getGetInstancesResp().getReqPathResults(0).getCurrInsts(0).getInstantiatedObjPath())
                .isEqualTo(inst);

        Msg delete = msg(call(UspRequests.delete(inst).build()));
        assertThat(delete.getBody().getResponse().getDeleteResp().getDeletedObjResults(0).getOperStatus().getOperSuccess()
                .getAffectedPathsList()).containsExactly(inst);

        Msg operate = msg(call(UspRequests.operate("Device.IP.Diagnostics.Ping()").input("Host", "10.0.0.1").build()));
        assertThat(operate.getBody().getResponse().getOperateResp().getOperationResults(0).getReqOutputArgs().getOutputArgsMap())
                .containsEntry("Host", "10.0.0.1");

        UspMsgReply fireAndForget = call(UspRequests.operate("Device.Reboot()").sendResp(false).build());
        assertThat(fireAndForget.error()).isNull();
        assertThat(fireAndForget.msg()).isNull();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(agent.requests).anySatisfy(r ->
                assertThat(r.getBody().getRequest().getOperate().getCommand()).isEqualTo("Device.Reboot()")));

        Msg dm = msg(call(UspRequests.getSupportedDm("Device.DeviceInfo.").returnAll().build()));
        assertThat(dm.getBody().getResponse().getGetSupportedDmResp().getReqObjResults(0).getSupportedObjs(0).getSupportedParams(0)
                .getParamName()).isEqualTo("Manufacturer");

        Msg proto = msg(call(UspRequests.getSupportedProtocol().build()));
        assertThat(proto.getBody().getResponse().getGetSupportedProtocolResp().getAgentSupportedProtocolVersions()).isEqualTo("1.3,1.4");

        // protobuf JSON written by hand, snake_case, without msg_id: the controller assigns one
        UspMsgReply raw = h.requestJson(agent.endpointId(),
                "{\"header\":{\"msg_type\":\"GET\"},\"body\":{\"request\":{\"get\":{\"param_paths\":[\"Device.DeviceInfo.ModelName\"]}}}}", 5000)
                .get(15, TimeUnit.SECONDS);
        assertThat(raw.error()).isNull();
        assertThat(raw.msg()).contains("\"ModelName\":\"" + TestAgent.MODEL + "\"").contains("\"msg_id\":\"coral-");
    }

    @Test
    void anErrorWithParamErrsComesBackWhole() throws Exception {
        UspMsgReply r = call(UspRequests.set().param("Device.DeviceInfo.UpTime", "0").build());
        assertThat(r.error()).isNotNull();
        assertThat(r.error().code()).isEqualTo("7004");
        assertThat(r.error().detail().get("param_errs").get(0).get("param_path").asText()).isEqualTo("Device.DeviceInfo.UpTime");
        assertThat(r.error().detail().get("param_errs").get(0).get("err_code").asInt()).isEqualTo(7013);
        Msg m = msg(r);
        assertThat(m.getBody().getError().getParamErrs(0).getErrCode()).isEqualTo(7013);
    }

    @Test
    void notifyWithoutSendRespIsPublishedButNotAnswered() throws Exception {
        agent.sendNotify("vc-1", "sub-vc", false, Notify.newBuilder().setValueChange(
                Notify.ValueChange.newBuilder().setParamPath("Device.WiFi.SSID.1.SSID").setParamValue("x")));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(h.notifies).anySatisfy(n -> {
            assertThat(n.type()).isEqualTo("ValueChange");
            assertThat(n.msgId()).isEqualTo("vc-1");
            assertThat(n.subscriptionId()).isEqualTo("sub-vc");
            assertThat(n.value()).isEqualTo("x");
        }));
        // a later notify that asks for a response is answered first: nothing was sent for vc-1
        agent.sendNotify("del-1", "sub-del", true, Notify.newBuilder().setObjDeletion(
                Notify.ObjectDeletion.newBuilder().setObjPath("Device.NAT.PortMapping.3.")));
        Msg resp = agent.notifyResponses.poll(10, TimeUnit.SECONDS);
        assertThat(resp.getHeader().getMsgId()).isEqualTo("del-1");
        assertThat(agent.notifyResponses).isEmpty();
    }

    @Test
    void allNotifyKindsArePublished() throws Exception {
        agent.sendNotify("n-oc", "s", true, Notify.newBuilder().setObjCreation(
                Notify.ObjectCreation.newBuilder().setObjPath("Device.NAT.PortMapping.2.").putUniqueKeys("Alias", "a")));
        agent.sendNotify("n-op", "s", true, Notify.newBuilder().setOperComplete(Notify.OperationComplete.newBuilder()
                .setObjPath("Device.").setCommandName("Reboot()").setCommandKey("k1")
                .setReqOutputArgs(Notify.OperationComplete.OutputArgs.newBuilder().putOutputArgs("r", "1"))));
        agent.sendNotify("n-ob", "", true, Notify.newBuilder().setOnBoardReq(Notify.OnBoardRequest.newBuilder()
                .setOui("00256D").setProductClass("TestBox").setSerialNumber("1").setAgentSupportedProtocolVersions("1.3")));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(h.notifies).anySatisfy(n -> {
                assertThat(n.type()).isEqualTo("ObjectCreation");
                assertThat(n.params()).containsEntry("Alias", "a");
            });
            assertThat(h.notifies).anySatisfy(n -> {
                assertThat(n.type()).isEqualTo("OperationComplete");
                assertThat(n.value()).isEqualTo("k1");
                assertThat(n.params()).containsEntry("r", "1");
            });
            assertThat(h.notifies).anySatisfy(n -> {
                assertThat(n.type()).isEqualTo("OnBoardRequest");
                assertThat(n.params()).containsEntry("product_class", "TestBox");
            });
        });
        for (int i = 0; i < 3; i++) {
            assertThat(agent.notifyResponses.poll(10, TimeUnit.SECONDS)).isNotNull();
        }
    }

    @Test
    void aRetriedNotifyIsAnsweredAgainButPublishedOnce() throws Exception {
        Notify.Builder vc = Notify.newBuilder().setValueChange(Notify.ValueChange.newBuilder().setParamPath("Device.X").setParamValue("1"));
        agent.sendNotify("dup-1", "sub", true, vc.clone());
        assertThat(agent.notifyResponses.poll(10, TimeUnit.SECONDS).getHeader().getMsgId()).isEqualTo("dup-1");
        agent.sendNotify("dup-1", "sub", true, vc.clone());
        assertThat(agent.notifyResponses.poll(10, TimeUnit.SECONDS).getHeader().getMsgId()).isEqualTo("dup-1");
        // a third, different notify, to know the event log has caught up
        agent.sendNotify("dup-2", "sub", true, vc.clone());
        assertThat(agent.notifyResponses.poll(10, TimeUnit.SECONDS).getHeader().getMsgId()).isEqualTo("dup-2");
        await().atMost(Duration.ofSeconds(10)).until(() -> h.notifies.stream().anyMatch(n -> n.msgId().equals("dup-2")));
        assertThat(h.notifies.stream().filter(n -> n.sn().equals(agent.endpointId()) && n.msgId().equals("dup-1"))).hasSize(1);
    }

    @Test
    void disconnectRecordMakesTheAgentOfflineAndReconnectOnlineAgain() throws Exception {
        String eid = agent.endpointId();
        agent.disconnect();
        await().atMost(Duration.ofSeconds(10)).until(() -> offline(eid));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(h.statuses)
                .anySatisfy(s -> {
                    assertThat(s.sn()).isEqualTo(eid);
                    assertThat(s.status()).isEqualTo(DeviceStatus.OFFLINE);
                }));
        UspMsgReply r = call(UspRequests.get("Device.DeviceInfo.").build());
        assertThat(r.error().code()).isEqualTo("offline");

        agent.connect();
        await().atMost(Duration.ofSeconds(10)).until(() -> online(eid));
        assertThat(msg(call(UspRequests.get("Device.DeviceInfo.ModelName").build())).getHeader().getMsgType()).isEqualTo(MsgType.GET_RESP);
        assertThat(h.statuses.stream().filter(s -> s.sn().equals(eid) && s.status() == DeviceStatus.ONLINE)).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void aSilentAgentTimesOut() throws Exception {
        agent.silent(true);
        UspMsgReply r = h.request(agent.endpointId(), UspRequests.get("Device.").build(), 300).get(15, TimeUnit.SECONDS);
        assertThat(r.error().code()).isEqualTo("timeout");
        assertThat(r.msg()).isNull();
    }

    @Test
    void unknownDeviceAndBadJsonAreRefusedClearly() throws Exception {
        assertThat(h.request("os::00256D-nobody", UspRequests.get("Device.").build(), 1000).get(15, TimeUnit.SECONDS).error().code())
                .isEqualTo("not_found");
        assertThat(h.requestJson(agent.endpointId(), "{\"header\": 12", 1000).get(15, TimeUnit.SECONDS).error().code()).isEqualTo("invalid");
        assertThat(h.requestJson(agent.endpointId(), "{\"body\":{\"response\":{}}}", 1000).get(15, TimeUnit.SECONDS).error().code())
                .isEqualTo("invalid");
    }

    @Test
    void fiftyConcurrentRequestsToOneAgentAreEachMatched() throws Exception {
        agent.holdAndReverse(50);
        List<CompletableFuture<UspMsgReply>> replies = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            agent.params().put("Device.Test.P" + i, "v" + i);
        }
        for (int i = 0; i < 50; i++) {
            replies.add(h.request(agent.endpointId(), UspRequests.get("Device.Test.P" + i).build(), 10_000));
        }
        for (int i = 0; i < 50; i++) {
            Msg m = msg(replies.get(i).get(20, TimeUnit.SECONDS));
            var rp = m.getBody().getResponse().getGetResp().getReqPathResults(0);
            assertThat(rp.getRequestedPath()).isEqualTo("Device.Test.P" + i);
            assertThat(rp.getResolvedPathResults(0).getResultParamsMap()).containsEntry("P" + i, "v" + i);
        }
    }

    @Test
    void afterARestartStatusIsRecoveredFromTheAgents() throws Exception {
        String topic = "usp/controller/restart-" + System.nanoTime();
        UspController first = h.start(h.controller(brokerUrl(), version()).controllerTopic(topic));
        try (TestAgent stays = newAgent(agent.endpointId() + "-stays", topic).connect();
                TestAgent gone = newAgent(agent.endpointId() + "-gone", topic).connect()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> online(stays.endpointId()) && online(gone.endpointId()));
            first.close();
            gone.closeMqtt(); // vanishes while no controller listens: nobody sees a DisconnectRecord
            UspController second = h.start(h.controller(brokerUrl(), version()).controllerTopic(topic)
                    .requestTimeout(Duration.ofSeconds(2)).livenessInterval(Duration.ofMinutes(5)));
            await().atMost(Duration.ofSeconds(15)).until(() -> offline(gone.endpointId()));
            assertThat(online(stays.endpointId())).isTrue();
            Msg m = second.send(stays.endpointId(), UspRequests.get("Device.DeviceInfo.ModelName").build()).get(10, TimeUnit.SECONDS);
            assertThat(m.getHeader().getMsgType()).isEqualTo(MsgType.GET_RESP);
            assertThat(stays.requests).anySatisfy(r -> assertThat(r.getHeader().getMsgType()).isEqualTo(MsgType.GET_SUPPORTED_PROTO));
            second.close();
        }
    }
}
