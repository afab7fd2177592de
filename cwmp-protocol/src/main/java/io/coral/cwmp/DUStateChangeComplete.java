package io.coral.cwmp;

import java.util.List;

/** DUStateChangeComplete: the results of a ChangeDUState, matched by CommandKey. */
public record DUStateChangeComplete(List<OpResult> results, String commandKey) implements CpeRequest {
    public DUStateChangeComplete {
        results = Strings.list(results);
        commandKey = Strings.orEmpty(commandKey);
    }
}
