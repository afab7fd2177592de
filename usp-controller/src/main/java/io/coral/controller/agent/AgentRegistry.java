package io.coral.controller.agent;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/** Every agent this controller instance has heard of, by endpoint id; thread-safe. */
public final class AgentRegistry {

    /** One input applied to an agent: the state before and after. */
    public record Step(AgentSession before, AgentSession after) {
        public boolean cameOnline() {
            return after.state() == AgentState.ONLINE && (before == null || before.state() != AgentState.ONLINE);
        }

        public boolean wentOffline() {
            return after.state() == AgentState.OFFLINE && before != null && before.state() != AgentState.OFFLINE;
        }

        public boolean topicChanged() {
            return after.replyTopic() != null && (before == null || !after.replyTopic().equals(before.replyTopic()));
        }
    }

    private final ConcurrentHashMap<String, AgentSession> agents = new ConcurrentHashMap<>();

    public Step apply(String endpointId, UnaryOperator<AgentSession> input) {
        AgentSession[] before = new AgentSession[1];
        AgentSession after = agents.compute(endpointId, (id, cur) -> {
            before[0] = cur;
            return input.apply(cur == null ? AgentSession.unknown(id) : cur);
        });
        return new Step(before[0], after);
    }

    /** Adds a restored session unless the agent is already known (a live record wins over the store). */
    public void restore(AgentSession session) {
        agents.putIfAbsent(session.endpointId(), session);
    }

    public Optional<AgentSession> get(String endpointId) {
        return Optional.ofNullable(agents.get(endpointId));
    }

    public Collection<AgentSession> all() {
        return List.copyOf(agents.values());
    }

    public int size() {
        return agents.size();
    }
}
