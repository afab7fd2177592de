package io.coral.simulator.cwmp;

import io.coral.cwmp.CwmpNamespace;
import io.coral.cwmp.codec.CwmpCodec;
import io.coral.simulator.stats.FleetStats;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;

/**
 * What every CPE of a fleet shares: the HTTP client, the codec, timers, statistics and the fleet settings.
 * {@code sessionPermits} caps the sessions open at once: ten thousand CPEs whose timers fire together would
 * otherwise open ten thousand sockets and measure the machine's thrashing rather than the ACS.
 */
record CwmpContext(HttpClient http, CwmpCodec codec, ScheduledExecutorService timers, ExecutorService sessions,
                   FleetStats stats, URI acsUrl, String acsUsername, String acsPassword, CwmpNamespace namespace,
                   Duration httpTimeout, Duration rebootDelay, boolean periodicJitter, Semaphore sessionPermits) {
}
