package io.coral.store.mongo;

import static io.coral.store.mongo.Bsons.putIfSet;

import io.coral.store.Credential;
import org.bson.Document;

/** Credential ⇄ document; {@code _id} is the username. */
final class CredentialCodec {

    static final String ID = "_id";
    static final String PASSWORD_HASH = "password_hash";
    static final String DIGEST_HA1 = "digest_ha1";
    static final String REALM = "realm";
    static final String UPDATED = "updated";

    private CredentialCodec() {}

    static Document toDocument(Credential c) {
        Document doc = new Document(ID, c.username());
        putIfSet(doc, PASSWORD_HASH, c.passwordHash());
        putIfSet(doc, DIGEST_HA1, c.digestHa1());
        putIfSet(doc, REALM, c.realm());
        putIfSet(doc, UPDATED, c.updated());
        return doc;
    }

    static Credential fromDocument(Document doc) {
        return new Credential(doc.getString(ID), doc.getString(PASSWORD_HASH), doc.getString(DIGEST_HA1),
                doc.getString(REALM), Bsons.instant(doc, UPDATED));
    }
}
