package io.coral.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A durable per-device FIFO of tasks with atomic claim. */
public interface TaskRepository {

    /** Queues a task (state QUEUED, attempts 0). Returns it with its generated id. */
    Task enqueue(String sn, String protocol, String kind, String request, String commandKey, int maxAttempts,
            Instant expiresAt);

    /**
     * Atomically claims the oldest QUEUED task of the device whose notBefore has passed and which has not
     * expired: sets state SENT, owner, attempts+1. At most one caller wins.
     */
    Optional<Task> claimNext(String sn, String protocol, String owner, Instant now);

    /** Claims one specific task if it is still QUEUED. */
    Optional<Task> claim(String id, String owner, Instant now);

    /** SENT → DONE with the result JSON. False if the task is not SENT any more. */
    boolean complete(String id, String resultJson);

    /** → FAULT with the error JSON (final). */
    boolean fail(String id, String errorJson);

    /**
     * SENT → QUEUED again with notBefore = now + backoff, or FAULT with {@code errorJson} once attempts
     * reached maxAttempts. Returns the task's new state.
     */
    TaskState retry(String id, Duration backoff, String errorJson, Instant now);

    /** Every task SENT by {@code owner} goes back to QUEUED (instance restart). Returns how many. */
    long requeueOwnedBy(String owner);

    /** SENT tasks whose update is older than {@code staleBefore} go back to QUEUED (a crashed instance). */
    long requeueStale(Instant staleBefore);

    /** QUEUED tasks past expiresAt → FAULT "expired". Returns how many. */
    long expire(Instant now);

    Optional<Task> find(String id);

    /** Null filters match all; newest first. */
    List<Task> list(String sn, TaskState state, int limit);

    /** Tasks of the device with CommandKey (TransferComplete matching). */
    Optional<Task> findByCommandKey(String sn, String commandKey);

    boolean hasQueued(String sn, String protocol, Instant now);

    boolean delete(String id);

    long deleteDevice(String sn);
}
