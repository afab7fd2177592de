package io.coral.cwmp;

/** CancelTransfer of a queued transfer by CommandKey. */
public record CancelTransfer(String commandKey) implements AcsRequest {
    public CancelTransfer {
        commandKey = Strings.orEmpty(commandKey);
    }
}
