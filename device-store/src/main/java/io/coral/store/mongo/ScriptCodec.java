package io.coral.store.mongo;

import static io.coral.store.mongo.Bsons.instant;
import static io.coral.store.mongo.Bsons.intOr;
import static io.coral.store.mongo.Bsons.putIfSet;

import io.coral.store.Script;
import io.coral.store.ScriptVersion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/** Script and ScriptVersion ⇄ documents. A script's {@code _id} is its name; versions live in script_versions. */
final class ScriptCodec {

    static final String ID = "_id";
    static final String NAME = "name";
    static final String DESCRIPTION = "description";
    static final String CONTENT = "content";
    static final String ACTIVE = "active";
    static final String STATE = "state";
    static final String SCHEDULE = "schedule";
    static final String TIMEZONE = "timezone";
    static final String TRIGGERS = "triggers";
    static final String GLOBALS = "globals";
    static final String LIBRARY = "library";
    static final String VERSION = "version";
    static final String CREATED = "created";
    static final String UPDATED = "updated";
    static final String SAVED = "saved";

    private ScriptCodec() {}

    static Document toDocument(Script s) {
        Document doc = new Document(ID, s.name()).append(NAME, s.name());
        putIfSet(doc, DESCRIPTION, s.description());
        putIfSet(doc, CONTENT, s.content());
        doc.put(ACTIVE, s.active());
        putIfSet(doc, STATE, s.state());
        putIfSet(doc, SCHEDULE, s.schedule());
        putIfSet(doc, TIMEZONE, s.timezone());
        doc.put(TRIGGERS, s.triggers() == null ? List.of() : new ArrayList<>(s.triggers()));
        Document globals = new Document();
        if (s.globals() != null) {
            s.globals().forEach(globals::put);
        }
        doc.put(GLOBALS, globals);
        doc.put(LIBRARY, s.library());
        doc.put(VERSION, s.version());
        putIfSet(doc, CREATED, s.created());
        putIfSet(doc, UPDATED, s.updated());
        return doc;
    }

    static Script fromDocument(Document doc) {
        List<String> triggers = new ArrayList<>();
        Object rawTriggers = doc.get(TRIGGERS);
        if (rawTriggers instanceof List<?> list) {
            for (Object o : list) {
                triggers.add(String.valueOf(o));
            }
        }
        Map<String, String> globals = new LinkedHashMap<>();
        Document rawGlobals = Bsons.sub(doc, GLOBALS);
        if (rawGlobals != null) {
            rawGlobals.forEach((k, v) -> globals.put(k, v == null ? null : String.valueOf(v)));
        }
        return new Script(
                doc.getString(NAME),
                doc.getString(DESCRIPTION),
                doc.getString(CONTENT),
                Boolean.TRUE.equals(doc.getBoolean(ACTIVE)),
                doc.getString(STATE),
                doc.getString(SCHEDULE),
                doc.getString(TIMEZONE),
                List.copyOf(triggers),
                globals,
                Boolean.TRUE.equals(doc.getBoolean(LIBRARY)),
                intOr(doc, VERSION, 1),
                instant(doc, CREATED),
                instant(doc, UPDATED));
    }

    static Document versionToDocument(ScriptVersion v) {
        Document doc = new Document(NAME, v.name()).append(VERSION, v.version());
        putIfSet(doc, CONTENT, v.content());
        putIfSet(doc, SAVED, v.saved());
        return doc;
    }

    static ScriptVersion versionFromDocument(Document doc) {
        return new ScriptVersion(doc.getString(NAME), intOr(doc, VERSION, 1), doc.getString(CONTENT),
                instant(doc, SAVED));
    }
}
