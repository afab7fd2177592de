package io.coral.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coral.bus.command.UspMsgReply;
import io.coral.controller.testing.MosquittoFixture;
import io.coral.controller.testing.TestAgent;
import io.coral.store.DeviceStatus;
import io.coral.usp.UspRequests;
import io.coral.usp.proto.UspMsg14.Notify;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Two controller instances share the controller topic ({@code $share/<group>/…}) and the bus: a
 * response that reaches the instance which did not send the request still reaches the requester, and
 * a retried Notify landing on the other instance is answered but not published twice.
 */
class MultiInstanceIT {

    @Test
    void repliesReachTheRequesterWhicheverInstanceReceivesThem() throws Exception {
        try (Harness h = new Harness()) {
            String topic = "usp/controller/shared-" + System.nanoTime();
            UspController a = h.start(h.controller(MosquittoFixture.url(), MqttVersion.V5).controllerTopic(topic)
                    .sharedSubscriptionGroup("coral").instanceId("insta").bootSubscription(false));
            UspController b = h.start(h.controller(MosquittoFixture.url(), MqttVersion.V5).controllerTopic(topic)
                    .sharedSubscriptionGroup("coral").instanceId("instb").bootSubscription(false));
            String eid = "os::00256D-multi-" + System.nanoTime();
            try (TestAgent agent = new TestAgent(MosquittoFixture.url(), eid, Harness.CONTROLLER_ID, topic, true)) {
                agent.connect();
                await().atMost(Duration.ofSeconds(10)).until(() -> h.store.devices().find(eid)
                        .map(d -> d.usp().status() == DeviceStatus.ONLINE).orElse(false));

                List<CompletableFuture<UspMsgReply>> replies = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    agent.params().put("Device.Test.P" + i, "v" + i);
                    replies.add(h.request(eid, UspRequests.get("Device.Test.P" + i).build(), 10_000));
                }
                for (int i = 0; i < 40; i++) {
                    UspMsgReply r = replies.get(i).get(20, TimeUnit.SECONDS);
                    assertThat(r.error()).as("reply %d", i).isNull();
                    assertThat(Harness.msg(r).getBody().getResponse().getGetResp().getReqPathResults(0)
                            .getResolvedPathResults(0).getResultParamsMap()).containsEntry("P" + i, "v" + i);
                }
                assertThat(a.forwardedResponses() + b.forwardedResponses()).isPositive();

                // a Notify retried 4 times (same msg_id) lands on both instances: 4 answers, 1 event
                Notify.Builder vc = Notify.newBuilder().setValueChange(Notify.ValueChange.newBuilder().setParamPath("Device.X").setParamValue("1"));
                for (int i = 0; i < 4; i++) {
                    agent.sendNotify("retry-1", "sub", true, vc.clone());
                    assertThat(agent.notifyResponses.poll(10, TimeUnit.SECONDS)).isNotNull();
                }
                agent.sendNotify("after", "sub", true, vc.clone());
                assertThat(agent.notifyResponses.poll(10, TimeUnit.SECONDS).getHeader().getMsgId()).isEqualTo("after");
                await().atMost(Duration.ofSeconds(10)).until(() -> h.notifies.stream().anyMatch(n -> n.msgId().equals("after")));
                assertThat(h.notifies.stream().filter(n -> n.msgId().equals("retry-1"))).hasSize(1);
            }
        }
    }
}
