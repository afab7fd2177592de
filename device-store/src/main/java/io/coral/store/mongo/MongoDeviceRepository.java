package io.coral.store.mongo;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.or;
import static com.mongodb.client.model.Filters.regex;
import static io.coral.store.mongo.DeviceCodec.*;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import com.mongodb.client.result.UpdateResult;
import io.coral.store.Device;
import io.coral.store.DeviceQuery;
import io.coral.store.DeviceRepository;
import io.coral.store.DeviceStatus;
import io.coral.store.Page;
import io.coral.store.StoreException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

final class MongoDeviceRepository implements DeviceRepository {

    static final int BULK_CHUNK = 1000;
    static final int MAX_PAGE_SIZE = 10_000;
    private static final int MAX_OPTIMISTIC_TRIES = 32;
    private static final Map<String, String> SORT_FIELDS = Map.ofEntries(
            Map.entry("sn", SN), Map.entry("vendor", VENDOR), Map.entry("model", MODEL),
            Map.entry("version", VERSION), Map.entry("product_class", PRODUCT_CLASS),
            Map.entry("productClass", PRODUCT_CLASS), Map.entry("alias", ALIAS), Map.entry("status", STATUS),
            Map.entry("last_contact", LAST_CONTACT), Map.entry("lastContact", LAST_CONTACT),
            Map.entry("created", CREATED), Map.entry("oui", OUI));

    private final MongoCollection<Document> devices;
    private final MongoCollection<Document> parameters;
    private final MongoCollection<Document> tasks;
    private final Clock clock;

    MongoDeviceRepository(MongoCollection<Document> devices, MongoCollection<Document> parameters,
            MongoCollection<Document> tasks, Clock clock) {
        this.devices = devices;
        this.parameters = parameters;
        this.tasks = tasks;
        this.clock = clock;
    }

    @Override
    public boolean upsertCwmp(String sn, String oui, String productClass, String vendor, String model,
            String version, String dataModel, Device.CwmpInfo cwmp) {
        requireSn(sn);
        Document set = identity(oui, productClass, vendor, model, version, dataModel);
        Document max = new Document();
        Integer protocolStatus = null;
        if (cwmp != null) {
            protocolStatus = cwmp.status();
            set.put(CWMP + "." + CWMP_STATUS, cwmp.status());
            putSub(set, CWMP, CR_URL, cwmp.connectionRequestUrl());
            putSub(set, CWMP, CR_USERNAME, cwmp.connectionRequestUsername());
            putSub(set, CWMP, CR_PASSWORD, cwmp.connectionRequestPassword());
            if (cwmp.periodicInformIntervalSec() > 0) {
                set.put(CWMP + "." + PERIODIC_INTERVAL, cwmp.periodicInformIntervalSec());
            }
            putSub(set, CWMP, CWMP_VERSION, cwmp.cwmpVersion());
            putSub(set, CWMP, IP_ADDRESS, cwmp.ipAddress());
            putSub(set, CWMP, LAST_INFORM, cwmp.lastInform());
            if (cwmp.lastInform() != null) {
                max.put(LAST_CONTACT, Date.from(cwmp.lastInform()));
            }
        }
        return upsert(sn, set, max, protocolStatus);
    }

    @Override
    public boolean upsertUsp(String sn, String vendor, String model, String version, String productClass,
            String dataModel, Device.UspInfo usp) {
        requireSn(sn);
        Document set = identity(null, productClass, vendor, model, version, dataModel);
        Document max = new Document();
        Integer protocolStatus = null;
        if (usp != null) {
            protocolStatus = usp.status();
            set.put(USP + "." + USP_STATUS, usp.status());
            putSub(set, USP, ENDPOINT_ID, usp.endpointId());
            putSub(set, USP, REPLY_TOPIC, usp.replyTopic());
            putSub(set, USP, MQTT_VERSION, usp.mqttVersion());
            putSub(set, USP, LAST_SEEN, usp.lastSeen());
            if (usp.lastSeen() != null) {
                max.put(LAST_CONTACT, Date.from(usp.lastSeen()));
            }
        }
        return upsert(sn, set, max, protocolStatus);
    }

    /**
     * One updateOne per call on the hot path. The overall status is raised with $max in the same write, which
     * is exact when the protocol status is the highest (ONLINE, the usual Inform); a lower protocol status may
     * have to lower the overall one, so only then is it recomputed (read + conditional write).
     */
    private boolean upsert(String sn, Document set, Document max, Integer protocolStatus) {
        if (protocolStatus != null) {
            max.put(STATUS, protocolStatus);
        }
        Document update = new Document("$setOnInsert", new Document(SN, sn).append(CREATED, Date.from(clock.instant())));
        if (!set.isEmpty()) {
            update.put("$set", set);
        }
        if (!max.isEmpty()) {
            update.put("$max", max);
        }
        UpdateResult result;
        try {
            result = updateRetryingInsertRace(eq(ID, sn), update);
        } catch (MongoException e) {
            throw MongoErrors.translate("upsert device " + sn, e);
        }
        boolean created = result.getUpsertedId() != null;
        if (!created && protocolStatus != null && protocolStatus < DeviceStatus.ONLINE) {
            recomputeStatus(sn);
        }
        return created;
    }

    /** Two concurrent first upserts of one key can both try the insert; the loser retries as an update. */
    private UpdateResult updateRetryingInsertRace(Bson filter, Document update) {
        UpdateOptions upsert = new UpdateOptions().upsert(true);
        try {
            return devices.updateOne(filter, update, upsert);
        } catch (MongoException e) {
            if (!MongoErrors.isDuplicateKey(e)) {
                throw e;
            }
            return devices.updateOne(filter, update, upsert);
        }
    }

    private void recomputeStatus(String sn) {
        for (int i = 0; i < MAX_OPTIMISTIC_TRIES; i++) {
            Document doc = devices.find(eq(ID, sn)).first();
            if (doc == null) {
                return;
            }
            int expected = Math.max(subStatus(doc, CWMP), subStatus(doc, USP));
            if (Bsons.intOr(doc, STATUS, 0) == expected) {
                return;
            }
            Bson filter = and(eq(ID, sn), eq(STATUS, doc.get(STATUS)),
                    eq(CWMP + "." + CWMP_STATUS, subRaw(doc, CWMP)), eq(USP + "." + USP_STATUS, subRaw(doc, USP)));
            if (devices.updateOne(filter, Updates.set(STATUS, expected)).getMatchedCount() == 1) {
                return;
            }
        }
        throw new StoreException("device " + sn + ": status kept changing, gave up recomputing it");
    }

    private static Document identity(String oui, String productClass, String vendor, String model, String version,
            String dataModel) {
        Document set = new Document();
        Bsons.putIfSet(set, OUI, oui);
        Bsons.putIfSet(set, PRODUCT_CLASS, productClass);
        Bsons.putIfSet(set, VENDOR, vendor);
        Bsons.putIfSet(set, MODEL, model);
        Bsons.putIfSet(set, VERSION, version);
        Bsons.putIfSet(set, DATA_MODEL, dataModel);
        return set;
    }

    private static void putSub(Document set, String sub, String field, Object value) {
        Bsons.putIfSet(set, sub + "." + field, value);
    }

    private static int subStatus(Document doc, String protocol) {
        Document sub = Bsons.sub(doc, protocol);
        return sub == null ? DeviceStatus.OFFLINE : Bsons.intOr(sub, CWMP_STATUS, DeviceStatus.OFFLINE);
    }

    private static Object subRaw(Document doc, String protocol) {
        Document sub = Bsons.sub(doc, protocol);
        return sub == null ? null : sub.get(CWMP_STATUS);
    }

    @Override
    public Optional<Device> find(String sn) {
        if (sn == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(devices.find(eq(ID, sn)).first()).map(DeviceCodec::fromDocument);
    }

    @Override
    public Optional<Device> findByAnyId(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Optional<Device> bySn = find(id);
        if (bySn.isPresent()) {
            return bySn;
        }
        Document byEndpoint = devices.find(eq(USP + "." + ENDPOINT_ID, id)).first();
        if (byEndpoint != null) {
            return Optional.of(DeviceCodec.fromDocument(byEndpoint));
        }
        return Optional.ofNullable(devices.find(eq(ALIAS, id)).first()).map(DeviceCodec::fromDocument);
    }

    @Override
    public Page<Device> query(DeviceQuery q) {
        if (q.page() < 0) {
            throw new IllegalArgumentException("page must be >= 0, got " + q.page());
        }
        if (q.size() < 1 || q.size() > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("size must be 1.." + MAX_PAGE_SIZE + ", got " + q.size());
        }
        Bson filter = filter(q);
        long total = devices.countDocuments(filter);
        List<Device> items = new ArrayList<>(Math.min(q.size(), 1024));
        devices.find(filter)
                .sort(sort(q.sort()))
                .skip(Math.toIntExact(Math.min((long) q.page() * q.size(), Integer.MAX_VALUE)))
                .limit(q.size())
                .forEach(doc -> items.add(DeviceCodec.fromDocument(doc)));
        return new Page<>(List.copyOf(items), q.page(), q.size(), total);
    }

    private static Bson filter(DeviceQuery q) {
        List<Bson> parts = new ArrayList<>();
        if (q.status() != null) {
            parts.add(eq(STATUS, q.status()));
        }
        if (q.vendor() != null) {
            parts.add(eq(VENDOR, q.vendor()));
        }
        if (q.model() != null) {
            parts.add(eq(MODEL, q.model()));
        }
        if (q.protocol() != null) {
            switch (q.protocol()) {
                case "cwmp" -> parts.add(exists(CWMP, true));
                case "usp" -> parts.add(exists(USP, true));
                default -> throw new IllegalArgumentException("protocol must be cwmp or usp, got " + q.protocol());
            }
        }
        if (q.text() != null && !q.text().isBlank()) {
            String pattern = escapeRegex(q.text().trim());
            parts.add(or(regex(SN, pattern, "i"), regex(ALIAS, pattern, "i"), regex(MODEL, pattern, "i"),
                    regex(VENDOR, pattern, "i")));
        }
        return parts.isEmpty() ? new Document() : and(parts);
    }

    private static Bson sort(String sort) {
        if (sort == null || sort.isBlank()) {
            return Sorts.ascending(SN);
        }
        boolean descending = sort.startsWith("-");
        String name = descending ? sort.substring(1) : sort;
        String field = SORT_FIELDS.get(name);
        if (field == null) {
            throw new IllegalArgumentException("cannot sort devices by '" + name + "'; one of " + SORT_FIELDS.keySet());
        }
        Bson primary = descending ? Sorts.descending(field) : Sorts.ascending(field);
        // sn as tie-breaker keeps pages stable when many devices share the primary key
        return SN.equals(field) ? primary : Sorts.orderBy(primary, Sorts.ascending(SN));
    }

    static String escapeRegex(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ("\\^$.|?*+()[]{}-/".indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    @Override
    public int setStatus(String sn, String protocol, int status) {
        return setStatus(sn, protocol, status, null, false, null);
    }

    @Override
    public int setStatus(String sn, String protocol, int status, Instant contact) {
        return setStatus(sn, protocol, status, contact, false, null);
    }

    @Override
    public int markCwmpOfflineIfSilent(String sn, Instant lastContactSeen) {
        return setStatus(sn, CWMP, DeviceStatus.OFFLINE, null, true, lastContactSeen);
    }

    /** Optimistic: re-reads and retries when another writer changed a status in between. */
    private int setStatus(String sn, String protocol, int status, Instant contact, boolean onlyIfContactIs,
            Instant expectedContact) {
        if (!CWMP.equals(protocol) && !USP.equals(protocol)) {
            throw new IllegalArgumentException("protocol must be cwmp or usp, got " + protocol);
        }
        String other = CWMP.equals(protocol) ? USP : CWMP;
        for (int i = 0; i < MAX_OPTIMISTIC_TRIES; i++) {
            Document doc = devices.find(eq(ID, sn)).first();
            if (doc == null) {
                return -1;
            }
            int previous = subStatus(doc, protocol);
            int overall = Math.max(status, subStatus(doc, other));
            Bson filter = and(eq(ID, sn), eq(STATUS, doc.get(STATUS)),
                    eq(protocol + "." + CWMP_STATUS, subRaw(doc, protocol)),
                    eq(other + "." + CWMP_STATUS, subRaw(doc, other)));
            if (onlyIfContactIs) {
                Date expected = expectedContact == null ? null : Date.from(expectedContact);
                if (!java.util.Objects.equals(doc.get(LAST_CONTACT), expected)) {
                    return -1;
                }
                filter = and(filter, eq(LAST_CONTACT, expected));
            }
            Bson update = Updates.combine(Updates.set(protocol + "." + CWMP_STATUS, status), Updates.set(STATUS, overall));
            if (contact != null) {
                update = Updates.combine(update, Updates.max(LAST_CONTACT, Date.from(contact)));
            }
            if (devices.updateOne(filter, update).getMatchedCount() == 1) {
                return previous;
            }
        }
        throw new StoreException("device " + sn + ": status kept changing, gave up setting it");
    }

    @Override
    public void touchAll(Map<String, Instant> lastContacts) {
        if (lastContacts == null || lastContacts.isEmpty()) {
            return;
        }
        List<WriteModel<Document>> batch = new ArrayList<>(Math.min(lastContacts.size(), BULK_CHUNK));
        for (Map.Entry<String, Instant> e : lastContacts.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                continue;
            }
            batch.add(new UpdateOneModel<>(eq(ID, e.getKey()), Updates.max(LAST_CONTACT, Date.from(e.getValue()))));
            if (batch.size() == BULK_CHUNK) {
                bulk(batch, false);
                batch = new ArrayList<>(BULK_CHUNK);
            }
        }
        bulk(batch, false);
    }

    /**
     * Inserts or replaces whole devices by sn in bulk. Each chunk is first inserted unordered (the fast path for
     * imports); the devices that already existed come back as duplicate-key errors and are replaced.
     */
    @Override
    public void saveAll(Collection<Device> all) {
        List<Document> chunk = new ArrayList<>(Math.min(all.size(), BULK_CHUNK));
        for (Device d : all) {
            requireSn(d.sn());
            Device withCreated = d.created() != null ? d : new Device(d.sn(), d.model(), d.vendor(), d.version(),
                    d.productClass(), d.oui(), d.alias(), d.status(), d.dataModel(), d.cwmp(), d.usp(), d.lastContact(),
                    clock.instant());
            chunk.add(DeviceCodec.toDocument(withCreated));
            if (chunk.size() == BULK_CHUNK) {
                insertOrReplace(chunk);
                chunk = new ArrayList<>(BULK_CHUNK);
            }
        }
        insertOrReplace(chunk);
    }

    private void insertOrReplace(List<Document> chunk) {
        if (chunk.isEmpty()) {
            return;
        }
        List<WriteModel<Document>> replaces = new ArrayList<>();
        ReplaceOptions upsert = new ReplaceOptions().upsert(true);
        try {
            devices.insertMany(chunk, new InsertManyOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            for (BulkWriteError error : e.getWriteErrors()) {
                if (error.getCategory() != ErrorCategory.DUPLICATE_KEY) {
                    throw MongoErrors.translate("bulk insert of " + chunk.size() + " devices", e);
                }
                Document doc = chunk.get(error.getIndex());
                replaces.add(new ReplaceOneModel<>(eq(ID, doc.get(ID)), doc, upsert));
            }
        } catch (MongoException e) {
            throw MongoErrors.translate("bulk insert of " + chunk.size() + " devices", e);
        }
        bulk(replaces, false);
    }

    private void bulk(List<WriteModel<Document>> batch, boolean ordered) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            devices.bulkWrite(batch, new BulkWriteOptions().ordered(ordered));
        } catch (MongoException e) {
            throw MongoErrors.translate("bulk write of " + batch.size() + " devices", e);
        }
    }

    @Override
    public List<Device> findCwmpOverdue(Instant now, long graceSec, int limit) {
        // Candidates are cheap to narrow (silent for at least the grace); the per-device interval is applied here.
        Date silentSince = Date.from(now.minusSeconds(graceSec));
        Bson filter = and(gt(CWMP + "." + CWMP_STATUS, DeviceStatus.OFFLINE),
                or(lt(LAST_CONTACT, silentSince), eq(LAST_CONTACT, null)));
        List<Device> overdue = new ArrayList<>();
        for (Document doc : devices.find(filter).sort(Sorts.ascending(LAST_CONTACT))) {
            Device d = DeviceCodec.fromDocument(doc);
            Instant seen = latest(d.cwmp().lastInform(), d.lastContact());
            long interval = Math.max(0, d.cwmp().periodicInformIntervalSec());
            if (seen == null || seen.plusSeconds(interval + graceSec).isBefore(now)) {
                overdue.add(d);
                if (overdue.size() >= limit) {
                    break;
                }
            }
        }
        return overdue;
    }

    private static Instant latest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return a.isAfter(b) ? a : b;
    }

    @Override
    public List<Device> findOnline(String protocol, int limit) {
        if (!CWMP.equals(protocol) && !USP.equals(protocol)) {
            throw new IllegalArgumentException("protocol must be cwmp or usp, got " + protocol);
        }
        List<Device> online = new ArrayList<>();
        devices.find(gt(protocol + "." + CWMP_STATUS, DeviceStatus.OFFLINE))
                .sort(Sorts.ascending(SN))
                .limit(limit)
                .forEach(doc -> online.add(DeviceCodec.fromDocument(doc)));
        return online;
    }

    @Override
    public boolean setAlias(String sn, String alias) {
        Bson update = alias == null ? Updates.unset(ALIAS) : Updates.set(ALIAS, alias);
        return devices.updateOne(eq(ID, sn), update).getMatchedCount() == 1;
    }

    @Override
    public boolean setModel(String sn, String model) {
        Bson update = model == null ? Updates.unset(MODEL) : Updates.set(MODEL, model);
        return devices.updateOne(eq(ID, sn), update).getMatchedCount() == 1;
    }

    @Override
    public boolean setCwmpConnectionRequestCredentials(String sn, String username, String password) {
        UpdateResult r = devices.updateOne(eq(ID, sn), Updates.combine(
                username == null ? Updates.unset(CWMP + "." + CR_USERNAME) : Updates.set(CWMP + "." + CR_USERNAME, username),
                password == null ? Updates.unset(CWMP + "." + CR_PASSWORD) : Updates.set(CWMP + "." + CR_PASSWORD, password)));
        return r.getMatchedCount() == 1;
    }

    @Override
    public boolean delete(String sn) {
        boolean deleted = devices.deleteOne(eq(ID, sn)).getDeletedCount() == 1;
        parameters.deleteMany(eq(ParameterCodec.SN, sn));
        tasks.deleteMany(eq(TaskCodec.SN, sn));
        return deleted;
    }

    @Override
    public long count() {
        return devices.countDocuments();
    }

    private static void requireSn(String sn) {
        if (sn == null || sn.isEmpty()) {
            throw new IllegalArgumentException("device sn must not be empty");
        }
    }
}
