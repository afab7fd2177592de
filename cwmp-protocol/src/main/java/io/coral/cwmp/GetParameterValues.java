package io.coral.cwmp;

import java.util.List;

/** GetParameterValues: full names or partial paths ending with a dot. */
public record GetParameterValues(List<String> parameterNames) implements AcsRequest {
    public GetParameterValues {
        parameterNames = Strings.list(parameterNames);
    }
}
