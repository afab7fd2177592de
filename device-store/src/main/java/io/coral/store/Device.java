package io.coral.store;

import java.time.Instant;

/**
 * A device document. {@code sn} is the CWMP serial number or the USP endpoint id. {@code status} is
 * the overall status (the best of the protocols). {@code version} is the software version.
 * {@code dataModel} is "TR-098" or "TR-181".
 */
public record Device(
        String sn,
        String model,
        String vendor,
        String version,
        String productClass,
        String oui,
        String alias,
        int status,
        String dataModel,
        CwmpInfo cwmp,
        UspInfo usp,
        Instant lastContact,
        Instant created) {

    /** CWMP side of a device, null if the device never spoke CWMP. */
    public record CwmpInfo(
            int status,
            String connectionRequestUrl,
            String connectionRequestUsername,
            String connectionRequestPassword,
            long periodicInformIntervalSec,
            String cwmpVersion,
            String ipAddress,
            Instant lastInform) {}

    /** USP side of a device, null if the device never spoke USP. */
    public record UspInfo(
            int status,
            String endpointId,
            String replyTopic,
            String mqttVersion,
            Instant lastSeen) {}
}
