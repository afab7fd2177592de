package io.coral.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coral.controller.mqtt.InboundPublish;
import io.coral.controller.testing.MosquittoFixture;
import io.coral.controller.testing.TestAgent;
import io.coral.store.DeviceStatus;
import io.coral.usp.UspRequests;
import io.coral.usp.proto.UspMsg14.Body;
import io.coral.usp.proto.UspMsg14.Error;
import io.coral.usp.proto.UspMsg14.GetResp;
import io.coral.usp.proto.UspMsg14.Header;
import io.coral.usp.proto.UspMsg14.Header.MsgType;
import io.coral.usp.proto.UspMsg14.Msg;
import io.coral.usp.proto.UspMsg14.Notify;
import io.coral.usp.proto.UspMsg14.Request;
import io.coral.usp.proto.UspMsg14.Response;
import io.coral.usp.proto.UspRecord14.MQTTConnectRecord;
import io.coral.usp.proto.UspRecord14.NoSessionContextRecord;
import io.coral.usp.proto.UspRecord14.Record;
import io.coral.usp.proto.UspRecord14.SessionContextRecord;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * 100,000 random and mutated payloads on the controller topic: most straight into the inbound
 * handler, a few thousand through the broker. The controller must keep serving.
 */
class FuzzIT {
    private static final int TOTAL = 100_000;
    private static final int OVER_BROKER = 3_000;

    @Test
    void garbageOnTheControllerTopicNeverStopsTheController() throws Exception {
        try (Harness h = new Harness()) {
            UspController c = h.start(h.controller(MosquittoFixture.url(), MqttVersion.V5).bootSubscription(false)
                    .requestTimeout(Duration.ofSeconds(2)));
            String eid = "os::00256D-fuzz-" + System.nanoTime();
            try (TestAgent agent = new TestAgent(MosquittoFixture.url(), eid, Harness.CONTROLLER_ID, c.config().controllerTopic(), true)) {
                agent.connect();
                await().atMost(Duration.ofSeconds(10)).until(() -> h.store.devices().find(eid)
                        .map(d -> d.usp().status() == DeviceStatus.ONLINE).orElse(false));

                List<byte[]> seeds = seeds(eid);
                Random random = new Random(20261123);
                String topic = c.config().controllerTopic();
                for (int i = 0; i < TOTAL; i++) {
                    byte[] payload = i % 5 == 0 ? randomBytes(random) : mutate(seeds.get(random.nextInt(seeds.size())), random);
                    if (i % (TOTAL / OVER_BROKER) == 0) {
                        agent.publishRaw(payload);
                    } else {
                        c.handleInbound(new InboundPublish(topic, payload, i % 2 == 0 ? agent.topic() : null,
                                i % 7 == 0 ? "application/vnd.bbf.usp.msg" : "usp.msg", null));
                    }
                }
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(c.receivedRecords()).isGreaterThanOrEqualTo(TOTAL));
                assertThat(c.rejectedRecords()).isGreaterThan(TOTAL / 2);

                // still answering: mutated connect records may have named another topic for our agent, so it
                // announces itself again, as it would after reconnecting
                agent.sendConnectRecord();
                await().atMost(Duration.ofSeconds(10)).until(() -> c.agent(eid).map(s -> agent.topic().equals(s.replyTopic())).orElse(false));
                Msg resp = c.send(eid, UspRequests.get("Device.DeviceInfo.ModelName").build()).get(10, TimeUnit.SECONDS);
                assertThat(resp.getBody().getResponse().getGetResp().getReqPathResults(0).getResolvedPathResults(0)
                        .getResultParamsMap()).containsEntry("ModelName", TestAgent.MODEL);
                assertThat(c.isConnected()).isTrue();
            }
        }
    }

    private static List<byte[]> seeds(String eid) {
        Record.Builder base = Record.newBuilder().setVersion("1.3").setToId(Harness.CONTROLLER_ID).setFromId(eid);
        Msg notify = Msg.newBuilder().setHeader(Header.newBuilder().setMsgId("n1").setMsgType(MsgType.NOTIFY))
                .setBody(Body.newBuilder().setRequest(Request.newBuilder().setNotify(Notify.newBuilder().setSubscriptionId("s")
                        .setSendResp(true).setValueChange(Notify.ValueChange.newBuilder().setParamPath("Device.X").setParamValue("1")))))
                .build();
        Msg getResp = Msg.newBuilder().setHeader(Header.newBuilder().setMsgId("coral-x-1").setMsgType(MsgType.GET_RESP))
                .setBody(Body.newBuilder().setResponse(Response.newBuilder().setGetResp(GetResp.newBuilder().addReqPathResults(
                        GetResp.RequestedPathResult.newBuilder().setRequestedPath("Device."))))).build();
        Msg error = Msg.newBuilder().setHeader(Header.newBuilder().setMsgId("e1"))
                .setBody(Body.newBuilder().setError(Error.newBuilder().setErrCode(7004).addParamErrs(
                        Error.ParamError.newBuilder().setParamPath("Device.Y").setErrCode(7013)))).build();
        Msg get = UspRequests.get("Device.").msgId("g1").build();
        return List.of(
                base.clone().setNoSessionContext(NoSessionContextRecord.newBuilder().setPayload(notify.toByteString())).build().toByteArray(),
                base.clone().setNoSessionContext(NoSessionContextRecord.newBuilder().setPayload(getResp.toByteString())).build().toByteArray(),
                base.clone().setNoSessionContext(NoSessionContextRecord.newBuilder().setPayload(error.toByteString())).build().toByteArray(),
                base.clone().setNoSessionContext(NoSessionContextRecord.newBuilder().setPayload(get.toByteString())).build().toByteArray(),
                base.clone().setMqttConnect(MQTTConnectRecord.newBuilder().setSubscribedTopic("usp/agent/" + eid)
                        .setVersion(MQTTConnectRecord.MQTTVersion.V5)).build().toByteArray(),
                base.clone().setSessionContext(SessionContextRecord.newBuilder().setSessionId(1).addPayload(get.toByteString()))
                        .build().toByteArray());
    }

    private static byte[] randomBytes(Random r) {
        byte[] b = new byte[r.nextInt(200)];
        r.nextBytes(b);
        return b;
    }

    private static byte[] mutate(byte[] seed, Random r) {
        byte[] b = seed.clone();
        switch (r.nextInt(3)) {
            case 0 -> {
                for (int k = r.nextInt(3) + 1; k > 0; k--) {
                    b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                }
            }
            case 1 -> b = java.util.Arrays.copyOf(b, r.nextInt(b.length));
            default -> {
                int at = r.nextInt(b.length);
                byte[] out = new byte[b.length + 1];
                System.arraycopy(b, 0, out, 0, at);
                out[at] = (byte) r.nextInt(256);
                System.arraycopy(b, at, out, at + 1, b.length - at);
                b = out;
            }
        }
        return b;
    }
}
