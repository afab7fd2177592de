package io.coral.cwmp;

import java.util.List;

/**
 * A SOAP Fault carrying a cwmp:Fault: FaultCode 8000–8899 (ACS) or 9000–9899 (CPE), FaultString, and for a
 * failed SetParameterValues one {@link ParameterFault} per rejected parameter.
 *
 * <p>On the wire the SOAP faultcode is "Client" or "Server" (derived from the code, see {@link #soapFaultCode()})
 * and the faultstring is "CWMP fault".
 */
public record CwmpFault(int faultCode, String faultString, List<ParameterFault> parameterFaults)
        implements CwmpMessage {

    public static final int METHOD_NOT_SUPPORTED = 9000;
    public static final int REQUEST_DENIED = 9001;
    public static final int INTERNAL_ERROR = 9002;
    public static final int INVALID_ARGUMENTS = 9003;
    public static final int RESOURCES_EXCEEDED = 9004;
    public static final int INVALID_PARAMETER_NAME = 9005;
    public static final int INVALID_PARAMETER_TYPE = 9006;
    public static final int INVALID_PARAMETER_VALUE = 9007;
    public static final int NON_WRITABLE_PARAMETER = 9008;
    public static final int ACS_METHOD_NOT_SUPPORTED = 8000;
    public static final int ACS_REQUEST_DENIED = 8001;
    public static final int ACS_INTERNAL_ERROR = 8002;
    public static final int ACS_INVALID_ARGUMENTS = 8003;
    public static final int ACS_RESOURCES_EXCEEDED = 8004;
    public static final int ACS_RETRY_REQUEST = 8005;
    public static final int ACS_VERSION_INCOMPATIBLE = 8006;

    public CwmpFault {
        faultString = Strings.orEmpty(faultString);
        parameterFaults = Strings.list(parameterFaults);
    }

    public CwmpFault(int faultCode, String faultString) {
        this(faultCode, faultString, List.of());
    }

    @Override
    public String methodName() {
        return "Fault";
    }

    /** "Client" when the request itself was wrong (invalid arguments, names, types, values), else "Server". */
    public String soapFaultCode() {
        return switch (faultCode) {
            case 8003, 8006, 9003, 9005, 9006, 9007, 9008 -> "Client";
            default -> "Server";
        };
    }
}
