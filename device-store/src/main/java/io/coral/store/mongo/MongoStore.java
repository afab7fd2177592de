package io.coral.store.mongo;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import io.coral.store.CredentialRepository;
import io.coral.store.DeviceRepository;
import io.coral.store.LeaseRepository;
import io.coral.store.ParameterRepository;
import io.coral.store.RunRepository;
import io.coral.store.ScriptRepository;
import io.coral.store.Store;
import io.coral.store.StoreException;
import io.coral.store.TaskRepository;
import io.coral.store.TokenRepository;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store on the MongoDB Java driver (sync). Works against a real MongoDB or {@code EmbeddedMongo}; indices
 * are created when it opens. Collections: devices, parameters, tasks, scripts, script_versions, runs,
 * credentials, tokens, leases, counters.
 */
public final class MongoStore implements Store {

    public static final String DEFAULT_DATABASE = "coral";
    private static final Logger log = LoggerFactory.getLogger(MongoStore.class);

    private final MongoClient client;
    private final boolean ownsClient;
    private final MongoDatabase db;
    private final MongoCollection<Document> counters;
    private final MongoDeviceRepository devices;
    private final MongoParameterRepository parameters;
    private final MongoTaskRepository tasks;
    private final MongoScriptRepository scripts;
    private final MongoRunRepository runs;
    private final MongoCredentialRepository credentials;
    private final MongoTokenRepository tokens;
    private final MongoLeaseRepository leases;

    private MongoStore(MongoClient client, boolean ownsClient, String dbName, Clock clock) {
        this.client = client;
        this.ownsClient = ownsClient;
        this.db = client.getDatabase(dbName);
        MongoCollection<Document> deviceCol = db.getCollection("devices");
        MongoCollection<Document> parameterCol = db.getCollection("parameters");
        MongoCollection<Document> taskCol = db.getCollection("tasks");
        this.counters = db.getCollection("counters");
        this.devices = new MongoDeviceRepository(deviceCol, parameterCol, taskCol, clock);
        this.parameters = new MongoParameterRepository(parameterCol);
        this.tasks = new MongoTaskRepository(taskCol, clock);
        this.scripts = new MongoScriptRepository(db.getCollection("scripts"), db.getCollection("script_versions"), clock);
        this.runs = new MongoRunRepository(db.getCollection("runs"));
        this.credentials = new MongoCredentialRepository(db.getCollection("credentials"), clock);
        this.tokens = new MongoTokenRepository(db.getCollection("tokens"), clock);
        this.leases = new MongoLeaseRepository(db.getCollection("leases"), clock);
    }

    /** Connects to {@code uri}; the database is the URI's path, {@value #DEFAULT_DATABASE} if it has none. */
    public static MongoStore open(String uri) {
        ConnectionString cs = new ConnectionString(uri);
        MongoClientSettings settings = MongoClientSettings.builder()
                .applyConnectionString(cs)
                .applyToClusterSettings(b -> {
                    if (cs.getServerSelectionTimeout() == null) {
                        b.serverSelectionTimeout(10, TimeUnit.SECONDS);
                    }
                })
                .build();
        MongoClient client = MongoClients.create(settings);
        String dbName = cs.getDatabase() == null || cs.getDatabase().isEmpty() ? DEFAULT_DATABASE : cs.getDatabase();
        try {
            return open(client, dbName, Clock.systemUTC(), true);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /** Uses a client the caller owns (it is not closed with the store). */
    public static MongoStore open(MongoClient client, String dbName) {
        return open(client, dbName, Clock.systemUTC(), false);
    }

    /** Same, with the clock used for created/updated times and lease expiry (tests). */
    public static MongoStore open(MongoClient client, String dbName, Clock clock) {
        return open(client, dbName, clock, false);
    }

    private static MongoStore open(MongoClient client, String dbName, Clock clock, boolean ownsClient) {
        MongoStore store = new MongoStore(client, ownsClient, dbName, clock);
        try {
            store.createIndexes();
        } catch (MongoException e) {
            throw new StoreException("cannot create indices in database " + dbName + ": " + e.getMessage(), e);
        }
        return store;
    }

    private void createIndexes() {
        MongoCollection<Document> d = db.getCollection("devices");
        unique(d, Indexes.ascending(DeviceCodec.SN));
        index(d, Indexes.ascending(DeviceCodec.USP + "." + DeviceCodec.ENDPOINT_ID));
        index(d, Indexes.ascending(DeviceCodec.STATUS));
        index(d, Indexes.ascending(DeviceCodec.VENDOR));
        index(d, Indexes.ascending(DeviceCodec.MODEL));
        index(d, Indexes.ascending(DeviceCodec.LAST_CONTACT));
        index(d, Indexes.ascending(DeviceCodec.ALIAS));

        unique(db.getCollection("parameters"), Indexes.ascending(ParameterCodec.SN, ParameterCodec.PATH));

        MongoCollection<Document> t = db.getCollection("tasks");
        index(t, Indexes.ascending(TaskCodec.SN, TaskCodec.STATE, TaskCodec.CREATED));
        index(t, Indexes.ascending(TaskCodec.STATE, TaskCodec.UPDATED));
        index(t, Indexes.ascending(TaskCodec.SN, TaskCodec.COMMAND_KEY));

        unique(db.getCollection("scripts"), Indexes.ascending(ScriptCodec.NAME));
        unique(db.getCollection("script_versions"), Indexes.ascending(ScriptCodec.NAME, ScriptCodec.VERSION));

        MongoCollection<Document> r = db.getCollection("runs");
        index(r, Indexes.compoundIndex(Indexes.ascending(RunCodec.SCRIPT), Indexes.descending(RunCodec.STARTED)));
        index(r, Indexes.ascending(RunCodec.OUTCOME));

        unique(db.getCollection("tokens"), Indexes.ascending(TokenCodec.HASH));
        log.debug("indices ready in database {}", db.getName());
    }

    private static void unique(MongoCollection<Document> c, Bson keys) {
        c.createIndex(keys, new IndexOptions().unique(true));
    }

    private static void index(MongoCollection<Document> c, Bson keys) {
        c.createIndex(keys);
    }

    @Override
    public DeviceRepository devices() {
        return devices;
    }

    @Override
    public ParameterRepository parameters() {
        return parameters;
    }

    @Override
    public TaskRepository tasks() {
        return tasks;
    }

    @Override
    public ScriptRepository scripts() {
        return scripts;
    }

    @Override
    public RunRepository runs() {
        return runs;
    }

    @Override
    public CredentialRepository credentials() {
        return credentials;
    }

    @Override
    public TokenRepository tokens() {
        return tokens;
    }

    @Override
    public LeaseRepository leases() {
        return leases;
    }

    /**
     * Reads the value before the increment: mongo-java-server answers ReturnDocument.AFTER with its live stored
     * document, which a concurrent increment can change before it is sent, so AFTER could hand out a number twice.
     */
    @Override
    public long nextId(String key) {
        FindOneAndUpdateOptions options = new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.BEFORE);
        Document before;
        try {
            before = counters.findOneAndUpdate(eq("_id", key), Updates.inc("value", 1L), options);
        } catch (MongoException e) {
            if (!MongoErrors.isDuplicateKey(e)) {
                throw MongoErrors.translate("counter " + key, e);
            }
            // the first use of a key raced another first use: the document exists now
            before = counters.findOneAndUpdate(eq("_id", key), Updates.inc("value", 1L), options);
        }
        return before == null ? 1 : Bsons.longOr(before, "value", 0) + 1;
    }

    /** The database this store uses (tests, diagnostics). */
    public MongoDatabase database() {
        return db;
    }

    @Override
    public void close() {
        if (ownsClient) {
            client.close();
        }
    }
}
