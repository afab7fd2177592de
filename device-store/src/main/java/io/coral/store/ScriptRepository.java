package io.coral.store;

import java.util.List;
import java.util.Optional;

public interface ScriptRepository {

    /** Creates (version 1) or saves a new version when content changed; other fields are replaced. Returns the stored script. */
    Script save(Script script);

    Optional<Script> find(String name);

    List<Script> list();

    List<Script> listActive();

    List<ScriptVersion> versions(String name);

    Optional<ScriptVersion> version(String name, int version);

    boolean setActive(String name, boolean active);

    boolean setState(String name, String state);

    boolean delete(String name);
}
