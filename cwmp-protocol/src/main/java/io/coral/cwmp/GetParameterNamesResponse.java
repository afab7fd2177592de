package io.coral.cwmp;

import java.util.List;

/** GetParameterNamesResponse. */
public record GetParameterNamesResponse(List<ParameterInfo> parameterList) implements CpeResponse {
    public GetParameterNamesResponse {
        parameterList = Strings.list(parameterList);
    }
}
