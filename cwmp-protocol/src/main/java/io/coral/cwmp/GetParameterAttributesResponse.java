package io.coral.cwmp;

import java.util.List;

/** GetParameterAttributesResponse. */
public record GetParameterAttributesResponse(List<ParameterAttribute> parameterList) implements CpeResponse {
    public GetParameterAttributesResponse {
        parameterList = Strings.list(parameterList);
    }
}
