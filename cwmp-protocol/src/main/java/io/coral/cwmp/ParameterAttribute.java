package io.coral.cwmp;

import java.util.List;

/**
 * ParameterAttributeStruct of a GetParameterAttributesResponse. Notification: 0 off, 1 passive, 2 active,
 * 3–6 lightweight.
 */
public record ParameterAttribute(String name, int notification, List<String> accessList) {
    public ParameterAttribute {
        name = Strings.orEmpty(name).trim();
        accessList = Strings.list(accessList);
    }
}
