package io.coral.store;

import java.time.Duration;

public interface LeaseRepository {

    /** Takes or renews the lease if it is free, expired, or already ours. */
    boolean tryAcquire(String name, String owner, Duration ttl);

    void release(String name, String owner);
}
