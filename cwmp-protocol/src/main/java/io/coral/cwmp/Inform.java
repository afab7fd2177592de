package io.coral.cwmp;

import java.util.List;

/**
 * Inform: opens every session. {@code currentTime} is kept as the CPE wrote it (xsd:dateTime lexical form,
 * devices without a clock send "0001-01-01T00:00:00Z").
 */
public record Inform(DeviceId deviceId, List<EventStruct> events, int maxEnvelopes, String currentTime,
                     int retryCount, List<ParameterValue> parameterList) implements CpeRequest {
    public Inform {
        events = Strings.list(events);
        parameterList = Strings.list(parameterList);
        currentTime = Strings.orEmpty(currentTime);
    }

    /** The value of a parameter in ParameterList, or null. */
    public String parameter(String name) {
        for (ParameterValue p : parameterList) {
            if (p.name().equals(name)) {
                return p.value();
            }
        }
        return null;
    }

    /** Whether an event with exactly this code (e.g. {@link EventCodes#BOOT}) is present. */
    public boolean hasEvent(String eventCode) {
        return events.stream().anyMatch(e -> e.eventCode().equals(eventCode));
    }
}
