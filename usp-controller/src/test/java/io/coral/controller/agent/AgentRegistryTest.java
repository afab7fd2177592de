package io.coral.controller.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class AgentRegistryTest {
    private final AgentRegistry registry = new AgentRegistry();
    private final Instant t0 = Instant.parse("2026-11-23T10:00:00Z");

    @Test
    void connectRecordBringsANewAgentOnlineWithItsTopic() {
        AgentRegistry.Step s = registry.apply("os::1", a -> a.connected("usp/agent/1", "5", "1.3", t0));
        assertThat(s.cameOnline()).isTrue();
        assertThat(s.topicChanged()).isTrue();
        assertThat(s.after().replyTopic()).isEqualTo("usp/agent/1");
        assertThat(s.after().mqttVersion()).isEqualTo("5");
        assertThat(s.after().recordVersion()).isEqualTo("1.3");
    }

    @Test
    void furtherMessagesAreNotTransitionsUnlessTheTopicMoves() {
        registry.apply("os::1", a -> a.connected("usp/agent/1", "5", "1.3", t0));
        AgentRegistry.Step same = registry.apply("os::1", a -> a.seen("usp/agent/1", null, "1.3", t0.plusSeconds(1)));
        assertThat(same.cameOnline()).isFalse();
        assertThat(same.topicChanged()).isFalse();
        assertThat(same.after().lastSeen()).isEqualTo(t0.plusSeconds(1));
        AgentRegistry.Step noReplyTo = registry.apply("os::1", a -> a.seen(null, null, null, t0.plusSeconds(2)));
        assertThat(noReplyTo.after().replyTopic()).isEqualTo("usp/agent/1");
        assertThat(noReplyTo.after().mqttVersion()).isEqualTo("5");
        AgentRegistry.Step moved = registry.apply("os::1", a -> a.seen("usp/agent/1b", null, null, t0.plusSeconds(3)));
        assertThat(moved.topicChanged()).isTrue();
    }

    @Test
    void disconnectThenAnyMessageCyclesTheStatus() {
        registry.apply("os::1", a -> a.connected("usp/agent/1", "3.1.1", "1.3", t0));
        AgentRegistry.Step off = registry.apply("os::1", AgentSession::offline);
        assertThat(off.wentOffline()).isTrue();
        assertThat(off.after().reachable()).isFalse();
        assertThat(registry.apply("os::1", AgentSession::offline).wentOffline()).isFalse();
        AgentRegistry.Step back = registry.apply("os::1", a -> a.seen(null, null, null, t0.plusSeconds(5)));
        assertThat(back.cameOnline()).isTrue();
        assertThat(back.after().reachable()).isTrue();
    }

    @Test
    void aLiveRecordWinsOverTheStoreWhenRestoring() {
        registry.apply("os::1", a -> a.connected("usp/agent/new", "5", "1.3", t0));
        registry.restore(new AgentSession("os::1", AgentState.ONLINE, "usp/agent/old", "5", null, t0.minusSeconds(60)));
        registry.restore(new AgentSession("os::2", AgentState.ONLINE, "usp/agent/2", "5", null, t0.minusSeconds(60)));
        assertThat(registry.get("os::1").orElseThrow().replyTopic()).isEqualTo("usp/agent/new");
        assertThat(registry.get("os::2").orElseThrow().reachable()).isTrue();
        assertThat(registry.size()).isEqualTo(2);
    }
}
