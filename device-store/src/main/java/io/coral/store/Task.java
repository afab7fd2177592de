package io.coral.store;

import java.time.Instant;

/**
 * A durable per-device task. {@code protocol} is "cwmp" or "usp"; {@code kind} is the RPC or message
 * name; {@code request} and {@code result} are JSON text; {@code error} is the fault/error JSON text.
 * {@code owner} is the instance that claimed it (state SENT) and {@code notBefore} the earliest time
 * for the next attempt (backoff).
 */
public record Task(
        String id,
        String sn,
        String protocol,
        String kind,
        String request,
        TaskState state,
        int attempts,
        int maxAttempts,
        String owner,
        String commandKey,
        Instant created,
        Instant updated,
        Instant notBefore,
        Instant expiresAt,
        String result,
        String error) {}
