package io.coral.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coral.usp.UspRequests;
import io.coral.usp.UspResponses;
import io.coral.usp.proto.UspMsg14.Msg;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PendingRequestsTest {
    private final PendingRequests pending = new PendingRequests();

    @Test
    void responsesCompleteTheirOwnRequestInAnyOrder() throws Exception {
        List<CompletableFuture<Msg>> futures = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            futures.add(pending.register("os::a", "m" + i, Duration.ofSeconds(10)));
        }
        for (int i = 49; i >= 0; i--) {
            assertThat(pending.complete("os::a", UspResponses.notifyResp("m" + i, "s" + i))).isTrue();
        }
        for (int i = 0; i < 50; i++) {
            assertThat(futures.get(i).get(1, TimeUnit.SECONDS).getBody().getResponse().getNotifyResp().getSubscriptionId())
                    .isEqualTo("s" + i);
        }
        assertThat(pending.size()).isZero();
    }

    @Test
    void unknownIdsAndOtherAgentsDoNotMatch() {
        CompletableFuture<Msg> f = pending.register("os::a", "m1", Duration.ofSeconds(10));
        assertThat(pending.complete("os::b", UspResponses.notifyResp("m1", ""))).isFalse();
        assertThat(pending.complete("os::a", UspResponses.notifyResp("m2", ""))).isFalse();
        assertThat(f).isNotDone();
    }

    @Test
    void aDuplicateMsgIdInFlightIsInvalid() {
        pending.register("os::a", "m1", Duration.ofSeconds(10));
        assertThatThrownBy(() -> pending.register("os::a", "m1", Duration.ofSeconds(10)).get())
                .isInstanceOf(ExecutionException.class).cause()
                .isInstanceOfSatisfying(UspRequestException.class, e -> assertThat(e.code()).isEqualTo("invalid"));
    }

    @Test
    void noAnswerIsATimeoutAndForgotten() {
        CompletableFuture<Msg> f = pending.register("os::a", "m1", Duration.ofMillis(50));
        assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS)).cause()
                .isInstanceOfSatisfying(UspRequestException.class, e -> assertThat(e.code()).isEqualTo("timeout"));
        assertThat(pending.size()).isZero();
    }

    @Test
    void aDisconnectFailsOnlyThatAgentsRequests() {
        CompletableFuture<Msg> a = pending.register("os::a", "m1", Duration.ofSeconds(10));
        CompletableFuture<Msg> b = pending.register("os::b", "m1", Duration.ofSeconds(10));
        pending.failAgent("os::a", new UspRequestException("offline", "gone"));
        assertThat(a).isCompletedExceptionally();
        assertThat(b).isNotDone();
    }

    @Test
    void generatedMsgIdsNameTheirInstance() {
        assertThat(Outbound.ownerOf("coral-ab12cd34-1f")).isEqualTo("ab12cd34");
        assertThat(Outbound.ownerOf("9f1c-uuid")).isEqualTo("_");
        assertThat(Outbound.ownerOf("coral-")).isEqualTo("_");
        assertThat(UspRequests.get("Device.").msgId("x").build().getHeader().getMsgId()).isEqualTo("x");
    }
}
