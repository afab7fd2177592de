package io.coral.acs;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything an {@link AcsServer} is configured with; built and defaulted by {@link AcsServer.Builder}.
 *
 * @param credentialsFromStore whether CPE credentials are also looked up in the store's credentials
 * @param assumedInformInterval used for the offline sweep when a CPE never reported PeriodicInformInterval
 * @param holdRequests when a device has queued tasks at its Inform, ask it to hold its own requests
 *        (HoldRequests=true) until the tasks ran
 * @param provisionConnectionRequestCredentials on a BOOTSTRAP Inform, set random
 *        ConnectionRequestUsername/Password on the CPE and keep them in the store
 */
public record AcsConfig(
        String host,
        int port,
        String instanceId,
        AuthMode authMode,
        String realm,
        String username,
        String password,
        boolean credentialsFromStore,
        Duration sessionTimeout,
        int maxConcurrentSessions,
        int retryAfterSeconds,
        long maxBodyBytes,
        Duration connectionRequestTimeout,
        boolean connectionRequestAllowBasic,
        Duration taskTimeout,
        int taskMaxAttempts,
        Duration taskBackoff,
        Duration taskTtl,
        Duration offlineGrace,
        Duration sweepInterval,
        Duration assumedInformInterval,
        Duration contactFlushInterval,
        boolean holdRequests,
        boolean provisionConnectionRequestCredentials,
        Path keystore,
        String keystorePassword,
        Path filesDir,
        String queueGroup) {}
