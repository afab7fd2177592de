package io.coral.store.mongo;

import static io.coral.store.mongo.Bsons.putIfSet;

import io.coral.store.Token;
import org.bson.Document;

/** Token ⇄ document; {@code _id} is the token id, {@code hash} the hex SHA-256 of the secret (unique). */
final class TokenCodec {

    static final String ID = "_id";
    static final String NAME = "name";
    static final String HASH = "hash";
    static final String ADMIN = "admin";
    static final String CREATED = "created";

    private TokenCodec() {}

    static Document toDocument(Token t) {
        Document doc = new Document(ID, t.id());
        putIfSet(doc, NAME, t.name());
        doc.put(HASH, t.hash());
        doc.put(ADMIN, t.admin());
        putIfSet(doc, CREATED, t.created());
        return doc;
    }

    static Token fromDocument(Document doc) {
        return new Token(doc.getString(ID), doc.getString(NAME), doc.getString(HASH),
                Boolean.TRUE.equals(doc.getBoolean(ADMIN)), Bsons.instant(doc, CREATED));
    }
}
