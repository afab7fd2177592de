package io.coral.store;

import java.util.Collection;
import java.util.List;

public interface ParameterRepository {

    /** Upserts each parameter by (sn, path); null value/type/writable leave the stored field as it is. Bulk write. */
    void upsertAll(String sn, Collection<Parameter> parameters);

    /** Parameters of a device whose path starts with {@code prefix} (empty or null = all), sorted by path. */
    List<Parameter> find(String sn, String prefix);

    /** Removes parameters under {@code prefix} (e.g. after DeleteObject). */
    long deletePrefix(String sn, String prefix);

    long deleteDevice(String sn);
}
