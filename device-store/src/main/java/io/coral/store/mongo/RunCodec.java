package io.coral.store.mongo;

import static io.coral.store.mongo.Bsons.instant;
import static io.coral.store.mongo.Bsons.intOr;
import static io.coral.store.mongo.Bsons.putIfSet;

import io.coral.store.Run;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.bson.types.ObjectId;

/**
 * Run ⇄ document. The log is an array bounded with {@code $slice}; {@code log_total} counts every line ever
 * appended, so the dropped count is {@code log_total - log.size} and stays exact under concurrent appends.
 */
final class RunCodec {

    static final String ID = "_id";
    static final String SCRIPT = "script";
    static final String VERSION = "version";
    static final String TRIGGER = "trigger";
    static final String STARTED = "started";
    static final String ENDED = "ended";
    static final String OUTCOME = "outcome";
    static final String REASON = "reason";
    static final String ERROR_LINE = "error_line";
    static final String LOG = "log";
    static final String LOG_TOTAL = "log_total";
    static final String OWNER = "owner";
    static final String TIME = "time";
    static final String LEVEL = "level";
    static final String TEXT = "text";

    private RunCodec() {}

    static Document toDocument(Run r) {
        Document doc = new Document(ID, r.id() == null ? new ObjectId() : new ObjectId(r.id()));
        doc.put(SCRIPT, r.script());
        doc.put(VERSION, r.version());
        putIfSet(doc, TRIGGER, r.trigger());
        putIfSet(doc, STARTED, r.started());
        putIfSet(doc, ENDED, r.ended());
        putIfSet(doc, OUTCOME, r.outcome());
        putIfSet(doc, REASON, r.reason());
        putIfSet(doc, ERROR_LINE, r.errorLine());
        List<Document> log = new ArrayList<>();
        if (r.log() != null) {
            r.log().forEach(line -> log.add(lineToDocument(line)));
        }
        doc.put(LOG, log);
        doc.put(LOG_TOTAL, log.size() + r.logDropped());
        putIfSet(doc, OWNER, r.owner());
        return doc;
    }

    static Document lineToDocument(Run.LogLine line) {
        Document doc = new Document();
        putIfSet(doc, TIME, line.time());
        putIfSet(doc, LEVEL, line.level());
        putIfSet(doc, TEXT, line.text());
        return doc;
    }

    static Run fromDocument(Document doc) {
        List<Run.LogLine> log = new ArrayList<>();
        Object raw = doc.get(LOG);
        if (raw instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Document line) {
                    log.add(new Run.LogLine(instant(line, TIME), line.getString(LEVEL), line.getString(TEXT)));
                }
            }
        }
        int total = intOr(doc, LOG_TOTAL, log.size());
        return new Run(
                doc.getObjectId(ID).toHexString(),
                doc.getString(SCRIPT),
                intOr(doc, VERSION, 0),
                doc.getString(TRIGGER),
                instant(doc, STARTED),
                instant(doc, ENDED),
                doc.getString(OUTCOME),
                doc.getString(REASON),
                Bsons.integer(doc, ERROR_LINE),
                List.copyOf(log),
                Math.max(0, total - log.size()),
                doc.getString(OWNER));
    }
}
