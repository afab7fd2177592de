package io.coral.store;

import java.util.Optional;

public interface CredentialRepository {

    /** Creates or replaces; hashes the password. Returns true if created. */
    boolean createOrUpdate(String username, String password, String realm);

    Optional<Credential> find(String username);

    boolean verifyPassword(String username, String password);

    boolean delete(String username);
}
