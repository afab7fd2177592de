package io.coral.store.mongo;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.regex;
import static io.coral.store.mongo.ParameterCodec.*;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;
import io.coral.store.Parameter;
import io.coral.store.ParameterRepository;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;

final class MongoParameterRepository implements ParameterRepository {

    private final MongoCollection<Document> parameters;

    MongoParameterRepository(MongoCollection<Document> parameters) {
        this.parameters = parameters;
    }

    @Override
    public void upsertAll(String sn, Collection<Parameter> all) {
        if (all == null || all.isEmpty()) {
            return;
        }
        UpdateOptions upsert = new UpdateOptions().upsert(true);
        List<WriteModel<Document>> batch = new ArrayList<>(Math.min(all.size(), MongoDeviceRepository.BULK_CHUNK));
        for (Parameter p : all) {
            if (p.path() == null || p.path().isEmpty()) {
                throw new IllegalArgumentException("parameter path must not be empty (device " + sn + ")");
            }
            Document set = new Document();
            Bsons.putIfSet(set, VALUE, p.value());
            Bsons.putIfSet(set, TYPE, p.type());
            Bsons.putIfSet(set, WRITABLE, p.writable());
            Bsons.putIfSet(set, LAST_READ, p.lastRead());
            Document update = new Document("$setOnInsert", new Document(SN, sn).append(PATH, p.path()));
            if (!set.isEmpty()) {
                update.append("$set", set);
            }
            batch.add(new UpdateOneModel<>(eq(ID, id(sn, p.path())), update, upsert));
            if (batch.size() == MongoDeviceRepository.BULK_CHUNK) {
                write(sn, batch);
                batch = new ArrayList<>(MongoDeviceRepository.BULK_CHUNK);
            }
        }
        write(sn, batch);
    }

    private void write(String sn, List<WriteModel<Document>> batch) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            parameters.bulkWrite(batch, new BulkWriteOptions().ordered(false));
        } catch (MongoException e) {
            if (!MongoErrors.isDuplicateKey(e)) {
                throw MongoErrors.translate("upsert parameters of " + sn, e);
            }
            // a concurrent first write of the same (sn, path) won the insert; now every upsert is an update
            try {
                parameters.bulkWrite(batch, new BulkWriteOptions().ordered(false));
            } catch (MongoException again) {
                throw MongoErrors.translate("upsert parameters of " + sn, again);
            }
        }
    }

    @Override
    public List<Parameter> find(String sn, String prefix) {
        List<Parameter> out = new ArrayList<>();
        parameters.find(underPrefix(sn, prefix))
                .sort(Sorts.ascending(PATH))
                .forEach(doc -> out.add(ParameterCodec.fromDocument(doc)));
        return out;
    }

    @Override
    public long deletePrefix(String sn, String prefix) {
        return parameters.deleteMany(underPrefix(sn, prefix)).getDeletedCount();
    }

    @Override
    public long deleteDevice(String sn) {
        return parameters.deleteMany(eq(SN, sn)).getDeletedCount();
    }

    /** A range on path (index-friendly) when the prefix's last char can be incremented, else an anchored regex. */
    static Bson underPrefix(String sn, String prefix) {
        if (prefix == null || prefix.isEmpty()) {
            return eq(SN, sn);
        }
        char last = prefix.charAt(prefix.length() - 1);
        if (last < 0x7f) {
            String upper = prefix.substring(0, prefix.length() - 1) + (char) (last + 1);
            return and(eq(SN, sn), gte(PATH, prefix), lt(PATH, upper));
        }
        return and(eq(SN, sn), regex(PATH, "^" + MongoDeviceRepository.escapeRegex(prefix)));
    }
}
