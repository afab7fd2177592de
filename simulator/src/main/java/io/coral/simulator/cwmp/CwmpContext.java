package io.coral.simulator.cwmp;

import io.coral.cwmp.CwmpNamespace;
import io.coral.cwmp.codec.CwmpCodec;
import io.coral.simulator.stats.FleetStats;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

/** What every CPE of a fleet shares: the HTTP client, the codec, timers, statistics and the fleet settings. */
record CwmpContext(HttpClient http, CwmpCodec codec, ScheduledExecutorService timers, ExecutorService sessions,
                   FleetStats stats, URI acsUrl, String acsUsername, String acsPassword, CwmpNamespace namespace,
                   Duration httpTimeout, Duration rebootDelay, boolean periodicJitter) {
}
