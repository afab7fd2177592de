package io.coral.store;

import java.util.List;
import java.util.Optional;

public interface TokenRepository {

    /** Stores a new token for the given secret. */
    Token create(String name, String secret, boolean admin);

    Optional<Token> verify(String secret);

    List<Token> list();

    boolean delete(String id);

    long count();
}
