package io.coral.store.mongo;

import static io.coral.store.mongo.Bsons.putIfSet;

import io.coral.store.Parameter;
import org.bson.Document;

/**
 * Parameter ⇄ document; one document per (sn, path). The {@code _id} is the pair as one string, so an
 * upsert finds its document through the primary key: the embedded server answers a filter on other
 * fields by scanning the whole collection, which made a device's first Inform cost O(all parameters).
 */
final class ParameterCodec {

    static final String ID = "_id";
    static final String SN = "sn";
    static final String PATH = "path";
    static final String VALUE = "value";
    static final String TYPE = "type";
    static final String WRITABLE = "writable";
    static final String LAST_READ = "last_read";

    private ParameterCodec() {}

    /** The primary key of (sn, path); U+001F cannot occur in a serial number or a parameter path. */
    static String id(String sn, String path) {
        return sn + '\u001f' + path;
    }

    static Document toDocument(Parameter p) {
        Document doc = new Document(ID, id(p.sn(), p.path())).append(SN, p.sn()).append(PATH, p.path());
        putIfSet(doc, VALUE, p.value());
        putIfSet(doc, TYPE, p.type());
        putIfSet(doc, WRITABLE, p.writable());
        putIfSet(doc, LAST_READ, p.lastRead());
        return doc;
    }

    static Parameter fromDocument(Document doc) {
        return new Parameter(doc.getString(SN), doc.getString(PATH), doc.getString(VALUE), doc.getString(TYPE),
                Bsons.bool(doc, WRITABLE), Bsons.instant(doc, LAST_READ));
    }
}
