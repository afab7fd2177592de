package io.coral.cwmp;

import java.util.List;

/** SetParameterAttributes. */
public record SetParameterAttributes(List<SetParameterAttributesStruct> parameterList) implements AcsRequest {
    public SetParameterAttributes {
        parameterList = Strings.list(parameterList);
    }
}
