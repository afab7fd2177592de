package io.coral.store;

import java.util.List;
import java.util.Optional;

public interface TokenRepository {

    /** Stores a new token for the given secret; a secret already in use is a {@link DuplicateKeyException}. */
    Token create(String name, String secret, boolean admin);

    Optional<Token> verify(String secret);

    /** Oldest first. */
    List<Token> list();

    boolean delete(String id);

    long count();
}
