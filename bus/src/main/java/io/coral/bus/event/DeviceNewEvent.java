package io.coral.bus.event;

import java.time.Instant;

/** First sight of a device, on {@code events.device.new.<sn>}. {@code protocol} is "cwmp" or "usp". */
public record DeviceNewEvent(String sn, String protocol, String vendor, String model, String productClass, Instant timestamp) {}
