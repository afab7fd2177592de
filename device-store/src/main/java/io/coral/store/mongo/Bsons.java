package io.coral.store.mongo;

import java.time.Instant;
import java.util.Date;
import org.bson.Document;

/** Small conversions shared by the codecs. MongoDB dates have millisecond precision, so instants are truncated. */
final class Bsons {

    private Bsons() {}

    static Date date(Instant instant) {
        return instant == null ? null : Date.from(instant);
    }

    static Instant instant(Document doc, String key) {
        Object value = doc.get(key);
        return value instanceof Date d ? d.toInstant() : null;
    }

    static int intOr(Document doc, String key, int fallback) {
        Object value = doc.get(key);
        return value instanceof Number n ? n.intValue() : fallback;
    }

    static long longOr(Document doc, String key, long fallback) {
        Object value = doc.get(key);
        return value instanceof Number n ? n.longValue() : fallback;
    }

    static Integer integer(Document doc, String key) {
        Object value = doc.get(key);
        return value instanceof Number n ? n.intValue() : null;
    }

    static Boolean bool(Document doc, String key) {
        Object value = doc.get(key);
        return value instanceof Boolean b ? b : null;
    }

    static Document sub(Document doc, String key) {
        Object value = doc.get(key);
        return value instanceof Document d ? d : null;
    }

    /** Puts the value only when it is not null, so absent fields stay absent in the document. */
    static Document putIfSet(Document doc, String key, Object value) {
        if (value != null) {
            doc.put(key, value instanceof Instant i ? Date.from(i) : value);
        }
        return doc;
    }
}
