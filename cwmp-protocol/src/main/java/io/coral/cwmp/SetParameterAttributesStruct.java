package io.coral.cwmp;

import java.util.List;

/**
 * One entry of SetParameterAttributes: the notification and/or access list, each applied only when its
 * *Change flag is set.
 */
public record SetParameterAttributesStruct(String name, boolean notificationChange, int notification,
                                           boolean accessListChange, List<String> accessList) {
    public SetParameterAttributesStruct {
        name = Strings.orEmpty(name).trim();
        accessList = Strings.list(accessList);
    }

    public static SetParameterAttributesStruct notification(String name, int notification) {
        return new SetParameterAttributesStruct(name, true, notification, false, List.of());
    }
}
