package io.coral.cwmp;

/** SetParameterValuesFault inside a CWMP fault's detail: which parameter failed and why. */
public record ParameterFault(String parameterName, int faultCode, String faultString) {
    public ParameterFault {
        parameterName = Strings.orEmpty(parameterName);
        faultString = Strings.orEmpty(faultString);
    }
}
