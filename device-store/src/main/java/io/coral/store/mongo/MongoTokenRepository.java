package io.coral.store.mongo;

import static com.mongodb.client.model.Filters.eq;
import static io.coral.store.mongo.TokenCodec.*;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Sorts;
import io.coral.store.Token;
import io.coral.store.TokenRepository;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.bson.Document;

final class MongoTokenRepository implements TokenRepository {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final MongoCollection<Document> tokens;
    private final Clock clock;

    MongoTokenRepository(MongoCollection<Document> tokens, Clock clock) {
        this.tokens = tokens;
        this.clock = clock;
    }

    @Override
    public Token create(String name, String secret, boolean admin) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("token secret must not be empty");
        }
        byte[] id = new byte[8];
        RANDOM.nextBytes(id);
        Token token = new Token(HexFormat.of().formatHex(id), name, Passwords.sha256(secret), admin, clock.instant());
        Document doc = TokenCodec.toDocument(token);
        try {
            tokens.insertOne(doc);
        } catch (MongoException e) {
            throw MongoErrors.translate("create token " + name, e);
        }
        return TokenCodec.fromDocument(doc);
    }

    @Override
    public Optional<Token> verify(String secret) {
        if (secret == null || secret.isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(tokens.find(eq(HASH, Passwords.sha256(secret))).first())
                .map(TokenCodec::fromDocument);
    }

    @Override
    public List<Token> list() {
        List<Token> out = new ArrayList<>();
        tokens.find().sort(Sorts.orderBy(Sorts.ascending(CREATED), Sorts.ascending(NAME))).forEach(doc -> out.add(TokenCodec.fromDocument(doc)));
        return out;
    }

    @Override
    public boolean delete(String id) {
        return tokens.deleteOne(eq(ID, id)).getDeletedCount() == 1;
    }

    @Override
    public long count() {
        return tokens.countDocuments();
    }
}
