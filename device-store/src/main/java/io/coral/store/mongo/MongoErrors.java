package io.coral.store.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;
import com.mongodb.bulk.BulkWriteError;
import io.coral.store.DuplicateKeyException;
import io.coral.store.StoreException;

/** Maps driver exceptions to the store's domain exceptions. */
final class MongoErrors {

    private MongoErrors() {}

    static boolean isDuplicateKey(MongoException e) {
        if (e instanceof MongoWriteException w) {
            return w.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
        }
        if (e instanceof MongoBulkWriteException b) {
            for (BulkWriteError error : b.getWriteErrors()) {
                if (error.getCategory() == ErrorCategory.DUPLICATE_KEY) {
                    return true;
                }
            }
            return false;
        }
        if (e instanceof MongoCommandException c) {
            return ErrorCategory.fromErrorCode(c.getErrorCode()) == ErrorCategory.DUPLICATE_KEY;
        }
        return ErrorCategory.fromErrorCode(e.getCode()) == ErrorCategory.DUPLICATE_KEY;
    }

    static StoreException translate(String what, MongoException e) {
        if (isDuplicateKey(e)) {
            return new DuplicateKeyException(what + ": duplicate key (" + e.getMessage() + ")", e);
        }
        return new StoreException(what + ": " + e.getMessage(), e);
    }
}
