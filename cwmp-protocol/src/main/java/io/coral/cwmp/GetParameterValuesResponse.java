package io.coral.cwmp;

import java.util.List;

/** GetParameterValuesResponse. */
public record GetParameterValuesResponse(List<ParameterValue> parameterList) implements CpeResponse {
    public GetParameterValuesResponse {
        parameterList = Strings.list(parameterList);
    }
}
