package io.coral.platform.api;

import io.coral.bus.Bus;
import io.coral.platform.http.Authenticator;
import io.coral.platform.metrics.PlatformMetrics;
import io.coral.store.Store;
import java.time.Clock;
import java.util.List;

/** What the endpoints share: the bus, the store, metrics, the token cache, and what this process runs. */
public record ApiContext(Bus bus, Store store, PlatformMetrics metrics, Authenticator auth, List<String> roles, String version,
        Clock clock) {}
