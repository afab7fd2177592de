package io.coral.cwmp;

/** Reboot; the CPE reports "M Reboot" with this CommandKey after it. */
public record Reboot(String commandKey) implements AcsRequest {
    public Reboot {
        commandKey = Strings.orEmpty(commandKey);
    }
}
