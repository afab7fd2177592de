package io.coral.store.mongo;

import static io.coral.store.mongo.Bsons.instant;
import static io.coral.store.mongo.Bsons.intOr;
import static io.coral.store.mongo.Bsons.putIfSet;

import io.coral.store.Task;
import io.coral.store.TaskState;
import org.bson.Document;
import org.bson.types.ObjectId;

/** Task ⇄ document. {@code _id} is an ObjectId; the task id is its hex form. The state is stored lower-case. */
final class TaskCodec {

    static final String ID = "_id";
    static final String SN = "sn";
    static final String PROTOCOL = "protocol";
    static final String KIND = "kind";
    static final String REQUEST = "request";
    static final String STATE = "state";
    static final String ATTEMPTS = "attempts";
    static final String MAX_ATTEMPTS = "max_attempts";
    static final String OWNER = "owner";
    static final String COMMAND_KEY = "command_key";
    static final String CREATED = "created";
    static final String UPDATED = "updated";
    static final String NOT_BEFORE = "not_before";
    static final String EXPIRES_AT = "expires_at";
    static final String RESULT = "result";
    static final String ERROR = "error";

    private TaskCodec() {}

    static Document toDocument(Task t) {
        Document doc = new Document(ID, t.id() == null ? new ObjectId() : new ObjectId(t.id()));
        doc.put(SN, t.sn());
        putIfSet(doc, PROTOCOL, t.protocol());
        putIfSet(doc, KIND, t.kind());
        putIfSet(doc, REQUEST, t.request());
        doc.put(STATE, t.state().wire());
        doc.put(ATTEMPTS, t.attempts());
        doc.put(MAX_ATTEMPTS, t.maxAttempts());
        putIfSet(doc, OWNER, t.owner());
        putIfSet(doc, COMMAND_KEY, t.commandKey());
        putIfSet(doc, CREATED, t.created());
        putIfSet(doc, UPDATED, t.updated());
        putIfSet(doc, NOT_BEFORE, t.notBefore());
        putIfSet(doc, EXPIRES_AT, t.expiresAt());
        putIfSet(doc, RESULT, t.result());
        putIfSet(doc, ERROR, t.error());
        return doc;
    }

    static Task fromDocument(Document doc) {
        return new Task(
                doc.getObjectId(ID).toHexString(),
                doc.getString(SN),
                doc.getString(PROTOCOL),
                doc.getString(KIND),
                doc.getString(REQUEST),
                state(doc.getString(STATE)),
                intOr(doc, ATTEMPTS, 0),
                intOr(doc, MAX_ATTEMPTS, 1),
                doc.getString(OWNER),
                doc.getString(COMMAND_KEY),
                instant(doc, CREATED),
                instant(doc, UPDATED),
                instant(doc, NOT_BEFORE),
                instant(doc, EXPIRES_AT),
                doc.getString(RESULT),
                doc.getString(ERROR));
    }

    static TaskState state(String wire) {
        return TaskState.valueOf(wire.toUpperCase(java.util.Locale.ROOT));
    }
}
