package io.coral.store.mongo;

import static com.mongodb.client.model.Filters.eq;
import static io.coral.store.mongo.RunCodec.*;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.PushOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.coral.store.Run;
import io.coral.store.RunRepository;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;

final class MongoRunRepository implements RunRepository {

    static final String RUNNING = "running";

    private final MongoCollection<Document> runs;

    MongoRunRepository(MongoCollection<Document> runs) {
        this.runs = runs;
    }

    @Override
    public Run start(String script, int version, String trigger, Instant started, String owner) {
        Run run = new Run(new ObjectId().toHexString(), script, version, trigger, started, null, RUNNING, null, null,
                List.of(), 0, owner);
        Document doc = RunCodec.toDocument(run);
        runs.insertOne(doc);
        return RunCodec.fromDocument(doc);
    }

    /** One atomic write: push with $slice keeps the newest lines, log_total counts all of them. */
    @Override
    public void appendLog(String runId, List<Run.LogLine> lines, int maxLines) {
        if (lines == null || lines.isEmpty()) {
            return;
        }
        if (maxLines < 1) {
            throw new IllegalArgumentException("maxLines must be >= 1, got " + maxLines);
        }
        List<Document> docs = new ArrayList<>(lines.size());
        lines.forEach(line -> docs.add(RunCodec.lineToDocument(line)));
        Bson update = Updates.combine(
                Updates.pushEach(LOG, docs, new PushOptions().slice(-maxLines)),
                Updates.inc(LOG_TOTAL, lines.size()));
        ObjectId oid = oid(runId);
        if (oid != null) {
            runs.updateOne(eq(ID, oid), update);
        }
    }

    @Override
    public void finish(String runId, Instant ended, String outcome, String reason, Integer errorLine) {
        ObjectId oid = oid(runId);
        if (oid == null) {
            return;
        }
        runs.updateOne(eq(ID, oid), Updates.combine(
                Updates.set(ENDED, Bsons.date(ended)), Updates.set(OUTCOME, outcome),
                Updates.set(REASON, reason), Updates.set(ERROR_LINE, errorLine)));
    }

    @Override
    public Optional<Run> find(String id) {
        ObjectId oid = oid(id);
        return oid == null ? Optional.empty()
                : Optional.ofNullable(runs.find(eq(ID, oid)).first()).map(RunCodec::fromDocument);
    }

    @Override
    public List<Run> list(String script, int limit) {
        List<Run> out = new ArrayList<>();
        runs.find(script == null ? new Document() : eq(SCRIPT, script))
                .sort(Sorts.orderBy(Sorts.descending(STARTED), Sorts.descending(ID)))
                .limit(limit)
                .forEach(doc -> out.add(RunCodec.fromDocument(doc)));
        return out;
    }

    @Override
    public long finishDangling(String owner, String reason, Instant now) {
        if (owner == null) {
            return 0;
        }
        return runs.updateMany(Filters.and(eq(OUTCOME, RUNNING), eq(OWNER, owner)), Updates.combine(Updates.set(OUTCOME, "stopped"),
                Updates.set(REASON, reason), Updates.set(ENDED, Date.from(now)))).getModifiedCount();
    }

    private static ObjectId oid(String id) {
        return id != null && ObjectId.isValid(id) ? new ObjectId(id) : null;
    }
}
