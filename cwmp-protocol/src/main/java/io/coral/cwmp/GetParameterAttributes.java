package io.coral.cwmp;

import java.util.List;

/** GetParameterAttributes. */
public record GetParameterAttributes(List<String> parameterNames) implements AcsRequest {
    public GetParameterAttributes {
        parameterNames = Strings.list(parameterNames);
    }
}
