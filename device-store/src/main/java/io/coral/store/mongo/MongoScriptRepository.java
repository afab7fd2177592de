package io.coral.store.mongo;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static io.coral.store.mongo.ScriptCodec.*;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.coral.store.Script;
import io.coral.store.ScriptRepository;
import io.coral.store.ScriptVersion;
import io.coral.store.StoreException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.bson.Document;

/**
 * Scripts with versions. The script document carries its current version; a save replaces it only if the
 * version it read is still current (optimistic lock), and each new content is also kept in script_versions.
 */
final class MongoScriptRepository implements ScriptRepository {

    private static final int MAX_TRIES = 16;

    private final MongoCollection<Document> scripts;
    private final MongoCollection<Document> versions;
    private final Clock clock;

    MongoScriptRepository(MongoCollection<Document> scripts, MongoCollection<Document> versions, Clock clock) {
        this.scripts = scripts;
        this.versions = versions;
        this.clock = clock;
    }

    @Override
    public Script save(Script script) {
        if (script.name() == null || script.name().isBlank()) {
            throw new IllegalArgumentException("script name must not be empty");
        }
        for (int i = 0; i < MAX_TRIES; i++) {
            Instant now = clock.instant();
            Document current = scripts.find(eq(ID, script.name())).first();
            if (current == null) {
                Script created = withVersion(script, 1, now, now);
                try {
                    scripts.insertOne(ScriptCodec.toDocument(created));
                } catch (MongoException e) {
                    if (MongoErrors.isDuplicateKey(e)) {
                        continue; // created concurrently: save again as a new version of that one
                    }
                    throw MongoErrors.translate("save script " + script.name(), e);
                }
                putVersion(created, now);
                return stored(created);
            }
            Script stored = ScriptCodec.fromDocument(current);
            boolean changed = !Objects.equals(stored.content(), script.content());
            Script next = withVersion(script, changed ? stored.version() + 1 : stored.version(), stored.created(), now);
            long matched = scripts.replaceOne(and(eq(ID, script.name()), eq(VERSION, stored.version())),
                    ScriptCodec.toDocument(next)).getMatchedCount();
            if (matched == 1) {
                if (changed) {
                    putVersion(next, now);
                }
                return stored(next);
            }
        }
        throw new StoreException("script " + script.name() + " kept changing, gave up saving it");
    }

    /** What this save stored (not a re-read, which could already show a later save). */
    private static Script stored(Script s) {
        return ScriptCodec.fromDocument(ScriptCodec.toDocument(s));
    }

    /** Only the winner of the optimistic lock writes version N, so an upsert never overwrites another's content. */
    private void putVersion(Script s, Instant now) {
        ScriptVersion v = new ScriptVersion(s.name(), s.version(), s.content(), now);
        versions.replaceOne(and(eq(NAME, s.name()), eq(VERSION, s.version())), ScriptCodec.versionToDocument(v),
                new ReplaceOptions().upsert(true));
    }

    private static Script withVersion(Script s, int version, Instant created, Instant updated) {
        return new Script(s.name(), s.description(), s.content(), s.active(), s.state(), s.schedule(), s.timezone(),
                s.triggers(), s.globals(), s.library(), version, created, updated);
    }

    @Override
    public Optional<Script> find(String name) {
        return Optional.ofNullable(scripts.find(eq(ID, name)).first()).map(ScriptCodec::fromDocument);
    }

    @Override
    public List<Script> list() {
        List<Script> out = new ArrayList<>();
        scripts.find().sort(Sorts.ascending(NAME)).forEach(doc -> out.add(ScriptCodec.fromDocument(doc)));
        return out;
    }

    @Override
    public List<Script> listActive() {
        List<Script> out = new ArrayList<>();
        scripts.find(eq(ACTIVE, true)).sort(Sorts.ascending(NAME)).forEach(doc -> out.add(ScriptCodec.fromDocument(doc)));
        return out;
    }

    @Override
    public List<ScriptVersion> versions(String name) {
        List<ScriptVersion> out = new ArrayList<>();
        versions.find(eq(NAME, name)).sort(Sorts.ascending(VERSION))
                .forEach(doc -> out.add(ScriptCodec.versionFromDocument(doc)));
        return out;
    }

    @Override
    public Optional<ScriptVersion> version(String name, int version) {
        return Optional.ofNullable(versions.find(and(eq(NAME, name), eq(VERSION, version))).first())
                .map(ScriptCodec::versionFromDocument);
    }

    @Override
    public boolean setActive(String name, boolean active) {
        return scripts.updateOne(eq(ID, name), Updates.combine(Updates.set(ACTIVE, active),
                Updates.set(UPDATED, java.util.Date.from(clock.instant())))).getMatchedCount() == 1;
    }

    @Override
    public boolean setState(String name, String state) {
        return scripts.updateOne(eq(ID, name), Updates.set(STATE, state)).getMatchedCount() == 1;
    }

    @Override
    public boolean delete(String name) {
        boolean deleted = scripts.deleteOne(eq(ID, name)).getDeletedCount() == 1;
        versions.deleteMany(eq(NAME, name));
        return deleted;
    }
}
