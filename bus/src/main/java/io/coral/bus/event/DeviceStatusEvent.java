package io.coral.bus.event;

import java.time.Instant;

/**
 * Status change on {@code events.device.status.<sn>}: 0 offline, 1 associating, 2 online, for the
 * protocol that changed and overall.
 */
public record DeviceStatusEvent(String sn, String protocol, int status, int overall, String reason, Instant timestamp) {}
