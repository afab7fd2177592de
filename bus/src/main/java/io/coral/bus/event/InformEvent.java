package io.coral.bus.event;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Published on {@code events.cwmp.inform.<sn>} for every Inform the ACS accepts. */
public record InformEvent(
        String sn,
        String oui,
        String productClass,
        String manufacturer,
        String model,
        String softwareVersion,
        String dataModel,
        List<EventCode> events,
        Map<String, String> parameters,
        boolean newDevice,
        Instant timestamp) {}
