package io.coral.cwmp;

import java.util.List;

/** GetRPCMethodsResponse: the method names the sender supports. */
public record GetRPCMethodsResponse(List<String> methodList) implements AcsResponse, CpeResponse {
    public GetRPCMethodsResponse {
        methodList = Strings.list(methodList);
    }
}
