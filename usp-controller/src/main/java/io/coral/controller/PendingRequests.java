package io.coral.controller;

import io.coral.usp.proto.UspMsg14.Msg;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Requests in flight, keyed by (agent, msg_id): the response or Error carrying the same msg_id
 * completes the future (R-MSG.9); unknown ids are left to the caller (forwarding, then dropping).
 */
final class PendingRequests {
    private final ConcurrentHashMap<String, CompletableFuture<Msg>> pending = new ConcurrentHashMap<>();

    private static String key(String endpointId, String msgId) {
        return endpointId + '\n' + msgId;
    }

    /** Registers a request; fails with "invalid" when the same msg_id is already in flight to that agent. */
    CompletableFuture<Msg> register(String endpointId, String msgId, Duration timeout) {
        String key = key(endpointId, msgId);
        CompletableFuture<Msg> f = new CompletableFuture<>();
        if (pending.putIfAbsent(key, f) != null) {
            return CompletableFuture.failedFuture(new UspRequestException("invalid",
                    "msg_id " + msgId + " is already in flight to " + endpointId));
        }
        return f.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).handle((m, e) -> {
            pending.remove(key, f);
            if (e instanceof TimeoutException) {
                throw new UspRequestException("timeout", "no response from " + endpointId + " within "
                        + timeout.toMillis() + " ms (msg_id " + msgId + ")");
            }
            if (e != null) {
                throw e instanceof RuntimeException r ? r : new UspRequestException("internal", e.toString());
            }
            return m;
        });
    }

    /** Completes the request answered by {@code msg}; false when none is pending here. */
    boolean complete(String endpointId, Msg msg) {
        CompletableFuture<Msg> f = pending.remove(key(endpointId, msg.getHeader().getMsgId()));
        return f != null && f.complete(msg);
    }

    void fail(String endpointId, String msgId, UspRequestException e) {
        CompletableFuture<Msg> f = pending.remove(key(endpointId, msgId));
        if (f != null) {
            f.completeExceptionally(e);
        }
    }

    /** Fails everything in flight to one agent (it disconnected: its E2E state is gone, R-MTP.7). */
    void failAgent(String endpointId, UspRequestException e) {
        String prefix = endpointId + '\n';
        pending.forEach((k, f) -> {
            if (k.startsWith(prefix) && pending.remove(k, f)) {
                f.completeExceptionally(e);
            }
        });
    }

    void failAll(UspRequestException e) {
        pending.forEach((k, f) -> {
            if (pending.remove(k, f)) {
                f.completeExceptionally(e);
            }
        });
    }

    int size() {
        return pending.size();
    }
}
