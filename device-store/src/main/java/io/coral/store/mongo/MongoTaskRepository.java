package io.coral.store.mongo;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.lte;
import static com.mongodb.client.model.Filters.ne;
import static com.mongodb.client.model.Filters.or;
import static io.coral.store.mongo.TaskCodec.*;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.coral.store.Task;
import io.coral.store.TaskRepository;
import io.coral.store.TaskState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;

/**
 * Tasks: every state change is one conditional write on the current state, so two instances can never both
 * claim, complete or requeue the same task. Expiry is a query on {@code expires_at}, never a TTL index.
 */
final class MongoTaskRepository implements TaskRepository {

    static final String EXPIRED_ERROR = "{\"code\":\"expired\",\"message\":\"task expired before it could be sent\"}";
    private static final String QUEUED = TaskState.QUEUED.wire();
    private static final String SENT = TaskState.SENT.wire();
    private static final String DONE = TaskState.DONE.wire();
    private static final String FAULT = TaskState.FAULT.wire();
    private static final Bson FIFO = Sorts.orderBy(Sorts.ascending(CREATED), Sorts.ascending(ID));
    // BEFORE, and the claimed state applied here: mongo-java-server answers AFTER with its live document,
    // which a concurrent write could change before it is sent.
    private static final FindOneAndUpdateOptions CLAIM =
            new FindOneAndUpdateOptions().sort(FIFO).returnDocument(ReturnDocument.BEFORE);

    private final MongoCollection<Document> tasks;
    private final Clock clock;

    MongoTaskRepository(MongoCollection<Document> tasks, Clock clock) {
        this.tasks = tasks;
        this.clock = clock;
    }

    @Override
    public Task enqueue(String sn, String protocol, String kind, String request, String commandKey, int maxAttempts,
            Instant expiresAt) {
        if (sn == null || sn.isEmpty()) {
            throw new IllegalArgumentException("task sn must not be empty");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
        }
        Instant now = clock.instant();
        Task task = new Task(new ObjectId().toHexString(), sn, protocol, kind, request, TaskState.QUEUED, 0,
                maxAttempts, null, commandKey, now, now, now, expiresAt, null, null);
        Document doc = TaskCodec.toDocument(task);
        tasks.insertOne(doc);
        return TaskCodec.fromDocument(doc);
    }

    /** Claimable: queued, due (not_before passed) and not expired. */
    private static Bson claimable(Instant now) {
        Date at = Date.from(now);
        return and(eq(STATE, QUEUED), lte(NOT_BEFORE, at), or(eq(EXPIRES_AT, null), gt(EXPIRES_AT, at)));
    }

    private static Bson claimUpdate(String owner, Instant now) {
        return Updates.combine(Updates.set(STATE, SENT), Updates.set(OWNER, owner),
                Updates.set(UPDATED, Date.from(now)), Updates.inc(ATTEMPTS, 1));
    }

    @Override
    public Optional<Task> claimNext(String sn, String protocol, String owner, Instant now) {
        Bson filter = protocol == null ? and(eq(SN, sn), claimable(now))
                : and(eq(SN, sn), eq(PROTOCOL, protocol), claimable(now));
        return Optional.ofNullable(tasks.findOneAndUpdate(filter, claimUpdate(owner, now), CLAIM))
                .map(before -> claimed(before, owner, now));
    }

    @Override
    public Optional<Task> claim(String id, String owner, Instant now) {
        ObjectId oid = oid(id);
        if (oid == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(tasks.findOneAndUpdate(and(eq(ID, oid), claimable(now)), claimUpdate(owner, now),
                CLAIM)).map(before -> claimed(before, owner, now));
    }

    private static Task claimed(Document before, String owner, Instant now) {
        Document after = new Document(before);
        after.put(STATE, SENT);
        after.put(OWNER, owner);
        after.put(UPDATED, Date.from(now));
        after.put(ATTEMPTS, Bsons.intOr(before, ATTEMPTS, 0) + 1);
        return TaskCodec.fromDocument(after);
    }

    @Override
    public boolean complete(String id, String resultJson) {
        ObjectId oid = oid(id);
        return oid != null && tasks.updateOne(and(eq(ID, oid), eq(STATE, SENT)), Updates.combine(
                Updates.set(STATE, DONE), Updates.set(RESULT, resultJson), Updates.set(UPDATED, now())))
                .getMatchedCount() == 1;
    }

    @Override
    public boolean fail(String id, String errorJson) {
        ObjectId oid = oid(id);
        return oid != null && tasks.updateOne(and(eq(ID, oid), ne(STATE, DONE), ne(STATE, FAULT)), Updates.combine(
                Updates.set(STATE, FAULT), Updates.set(ERROR, errorJson), Updates.set(UPDATED, now())))
                .getMatchedCount() == 1;
    }

    @Override
    public TaskState retry(String id, Duration backoff, String errorJson, Instant now) {
        ObjectId oid = oid(id);
        if (oid == null) {
            throw new IllegalArgumentException("no task " + id);
        }
        Date at = Date.from(now);
        // attempts only grows while SENT is held by one owner, so deciding on the value read is safe:
        // the conditional write fails if anything changed in between, and then the current state is the answer.
        Document doc = tasks.find(eq(ID, oid)).first();
        if (doc == null) {
            throw new IllegalArgumentException("no task " + id);
        }
        if (!SENT.equals(doc.getString(STATE))) {
            return TaskCodec.state(doc.getString(STATE));
        }
        int attempts = Bsons.intOr(doc, ATTEMPTS, 0);
        Bson filter = and(eq(ID, oid), eq(STATE, SENT), eq(ATTEMPTS, attempts));
        Bson update;
        TaskState next;
        if (attempts >= Bsons.intOr(doc, MAX_ATTEMPTS, 1)) {
            next = TaskState.FAULT;
            update = Updates.combine(Updates.set(STATE, FAULT), Updates.set(ERROR, errorJson), Updates.set(UPDATED, at));
        } else {
            next = TaskState.QUEUED;
            update = Updates.combine(Updates.set(STATE, QUEUED), Updates.set(OWNER, null),
                    Updates.set(ERROR, errorJson), Updates.set(UPDATED, at),
                    Updates.set(NOT_BEFORE, Date.from(now.plus(backoff == null ? Duration.ZERO : backoff))));
        }
        if (tasks.updateOne(filter, update).getMatchedCount() == 1) {
            return next;
        }
        Document current = tasks.find(eq(ID, oid)).first();
        if (current == null) {
            throw new IllegalArgumentException("no task " + id);
        }
        return TaskCodec.state(current.getString(STATE));
    }

    @Override
    public long requeueOwnedBy(String owner) {
        return tasks.updateMany(and(eq(STATE, SENT), eq(OWNER, owner)), requeue()).getModifiedCount();
    }

    @Override
    public long requeueStale(Instant staleBefore) {
        return tasks.updateMany(and(eq(STATE, SENT), lt(UPDATED, Date.from(staleBefore))), requeue())
                .getModifiedCount();
    }

    private Bson requeue() {
        return Updates.combine(Updates.set(STATE, QUEUED), Updates.set(OWNER, null), Updates.set(UPDATED, now()));
    }

    @Override
    public long expire(Instant now) {
        Date at = Date.from(now);
        return tasks.updateMany(and(eq(STATE, QUEUED), lte(EXPIRES_AT, at)), Updates.combine(
                Updates.set(STATE, FAULT), Updates.set(ERROR, EXPIRED_ERROR), Updates.set(UPDATED, at)))
                .getModifiedCount();
    }

    @Override
    public Optional<Task> find(String id) {
        ObjectId oid = oid(id);
        return oid == null ? Optional.empty()
                : Optional.ofNullable(tasks.find(eq(ID, oid)).first()).map(TaskCodec::fromDocument);
    }

    @Override
    public List<Task> list(String sn, TaskState state, int limit) {
        List<Bson> parts = new ArrayList<>();
        if (sn != null) {
            parts.add(eq(SN, sn));
        }
        if (state != null) {
            parts.add(eq(STATE, state.wire()));
        }
        List<Task> out = new ArrayList<>();
        tasks.find(parts.isEmpty() ? new Document() : and(parts))
                .sort(Sorts.orderBy(Sorts.descending(CREATED), Sorts.descending(ID)))
                .limit(limit)
                .forEach(doc -> out.add(TaskCodec.fromDocument(doc)));
        return out;
    }

    @Override
    public Optional<Task> findByCommandKey(String sn, String commandKey) {
        return Optional.ofNullable(tasks.find(and(eq(SN, sn), eq(COMMAND_KEY, commandKey)))
                .sort(Sorts.orderBy(Sorts.descending(CREATED), Sorts.descending(ID)))
                .first()).map(TaskCodec::fromDocument);
    }

    @Override
    public boolean hasQueued(String sn, String protocol, Instant now) {
        Bson filter = protocol == null ? and(eq(SN, sn), claimable(now))
                : and(eq(SN, sn), eq(PROTOCOL, protocol), claimable(now));
        return tasks.find(filter).limit(1).first() != null;
    }

    @Override
    public boolean delete(String id) {
        ObjectId oid = oid(id);
        return oid != null && tasks.deleteOne(eq(ID, oid)).getDeletedCount() == 1;
    }

    @Override
    public long deleteDevice(String sn) {
        return tasks.deleteMany(eq(SN, sn)).getDeletedCount();
    }

    private Date now() {
        return Date.from(clock.instant());
    }

    private static ObjectId oid(String id) {
        return id != null && ObjectId.isValid(id) ? new ObjectId(id) : null;
    }
}
