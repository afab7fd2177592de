package io.coral.store.mongo;

import static com.mongodb.client.model.Filters.eq;
import static io.coral.store.mongo.CredentialCodec.*;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.ReplaceOptions;
import io.coral.store.Credential;
import io.coral.store.CredentialRepository;
import java.time.Clock;
import java.util.Optional;
import org.bson.Document;

final class MongoCredentialRepository implements CredentialRepository {

    private final MongoCollection<Document> credentials;
    private final Clock clock;

    MongoCredentialRepository(MongoCollection<Document> credentials, Clock clock) {
        this.credentials = credentials;
        this.clock = clock;
    }

    @Override
    public boolean createOrUpdate(String username, String password, String realm) {
        if (username == null || username.isEmpty() || password == null) {
            throw new IllegalArgumentException("username and password are required");
        }
        Credential c = new Credential(username, Passwords.hash(password),
                realm == null ? null : Passwords.digestHa1(username, realm, password), realm, clock.instant());
        return credentials.replaceOne(eq(ID, username), CredentialCodec.toDocument(c),
                new ReplaceOptions().upsert(true)).getUpsertedId() != null;
    }

    @Override
    public Optional<Credential> find(String username) {
        return Optional.ofNullable(credentials.find(eq(ID, username)).first()).map(CredentialCodec::fromDocument);
    }

    @Override
    public boolean verifyPassword(String username, String password) {
        return find(username).map(c -> Passwords.verify(password, c.passwordHash())).orElse(false);
    }

    @Override
    public boolean delete(String username) {
        return credentials.deleteOne(eq(ID, username)).getDeletedCount() == 1;
    }
}
