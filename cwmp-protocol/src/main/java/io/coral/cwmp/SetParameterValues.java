package io.coral.cwmp;

import java.util.List;

/** SetParameterValues; the CPE stores {@code parameterKey} in ManagementServer.ParameterKey. */
public record SetParameterValues(List<ParameterValue> parameterList, String parameterKey) implements AcsRequest {
    public SetParameterValues {
        parameterList = Strings.list(parameterList);
        parameterKey = Strings.orEmpty(parameterKey);
    }
}
