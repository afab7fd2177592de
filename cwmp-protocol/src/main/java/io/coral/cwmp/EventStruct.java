package io.coral.cwmp;

/** One event of an Inform, e.g. {@code ("1 BOOT", "")} or {@code ("M Reboot", "key-7")}. */
public record EventStruct(String eventCode, String commandKey) {
    public EventStruct {
        eventCode = Strings.orEmpty(eventCode).trim();
        commandKey = Strings.orEmpty(commandKey);
    }

    public EventStruct(String eventCode) {
        this(eventCode, "");
    }

    /** The index string ("0".."14") of a single event code; null for "M …" and vendor codes. */
    public String index() {
        return EventCodes.index(eventCode);
    }
}
