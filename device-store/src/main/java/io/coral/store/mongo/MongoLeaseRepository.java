package io.coral.store.mongo;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lte;
import static com.mongodb.client.model.Filters.or;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.coral.store.LeaseRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bson.Document;

/**
 * Leases: {@code _id} = name. Taking one is a single upsert whose filter matches only a free, expired or own
 * lease; when another owner holds it the upsert tries to insert the same {@code _id} and the duplicate key
 * means "not acquired". Expiry is compared with the clock, not left to a TTL index.
 */
final class MongoLeaseRepository implements LeaseRepository {

    static final String ID = "_id";
    static final String OWNER = "owner";
    static final String EXPIRES_AT = "expires_at";

    private final MongoCollection<Document> leases;
    private final Clock clock;

    MongoLeaseRepository(MongoCollection<Document> leases, Clock clock) {
        this.leases = leases;
        this.clock = clock;
    }

    @Override
    public boolean tryAcquire(String name, String owner, Duration ttl) {
        if (name == null || owner == null || ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("lease needs a name, an owner and a positive ttl");
        }
        Instant now = clock.instant();
        try {
            // no exception means the filter matched (a free, expired or own lease) or the insert won
            leases.updateOne(
                    and(eq(ID, name), or(eq(OWNER, owner), lte(EXPIRES_AT, Date.from(now)))),
                    Updates.combine(Updates.set(OWNER, owner), Updates.set(EXPIRES_AT, Date.from(now.plus(ttl)))),
                    new UpdateOptions().upsert(true));
            return true;
        } catch (MongoException e) {
            if (MongoErrors.isDuplicateKey(e)) {
                return false;
            }
            throw MongoErrors.translate("lease " + name, e);
        }
    }

    @Override
    public void release(String name, String owner) {
        leases.deleteOne(and(eq(ID, name), eq(OWNER, owner)));
    }
}
