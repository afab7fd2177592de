package io.coral.cwmp;

import java.util.List;

/** ChangeDUState: install, update or uninstall deployment units; results come in DUStateChangeComplete. */
public record ChangeDUState(List<DuOperation> operations, String commandKey) implements AcsRequest {
    public ChangeDUState {
        operations = Strings.list(operations);
        commandKey = Strings.orEmpty(commandKey);
    }
}
