package io.coral.cwmp;

import java.util.List;
import java.util.Map;

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

    private static final Map<Integer, String> STANDARD = Map.ofEntries(
            Map.entry(8000, "Method not supported"), Map.entry(8001, "Request denied"),
            Map.entry(8002, "Internal error"), Map.entry(8003, "Invalid arguments"),
            Map.entry(8004, "Resources exceeded"), Map.entry(8005, "Retry request"),
            Map.entry(8006, "ACS version incompatible with CPE"),
            Map.entry(9000, "Method not supported"), Map.entry(9001, "Request denied"),
            Map.entry(9002, "Internal error"), Map.entry(9003, "Invalid arguments"),
            Map.entry(9004, "Resources exceeded"), Map.entry(9005, "Invalid parameter name"),
            Map.entry(9006, "Invalid parameter type"), Map.entry(9007, "Invalid parameter value"),
            Map.entry(9008, "Attempt to set a non-writable parameter"),
            Map.entry(9009, "Notification request rejected"), Map.entry(9010, "File transfer failure"),
            Map.entry(9011, "Upload failure"), Map.entry(9012, "File transfer server authentication failure"),
            Map.entry(9013, "Unsupported protocol for file transfer"),
            Map.entry(9014, "File transfer failure: unable to join multicast group"),
            Map.entry(9015, "File transfer failure: unable to contact file server"),
            Map.entry(9016, "File transfer failure: unable to access file"),
            Map.entry(9017, "File transfer failure: unable to complete download"),
            Map.entry(9018, "File transfer failure: file corrupted"),
            Map.entry(9019, "File transfer failure: file authentication failure"));

    public CwmpFault {
        faultString = Strings.orEmpty(faultString);
        parameterFaults = Strings.list(parameterFaults);
    }

    public CwmpFault(int faultCode, String faultString) {
        this(faultCode, faultString, List.of());
    }

    /** A fault with the standard FaultString for its code (e.g. 9005 "Invalid parameter name"). */
    public static CwmpFault of(int faultCode) {
        return new CwmpFault(faultCode, standardString(faultCode));
    }

    /** The FaultString TR-069 gives a code, or "Fault &lt;code&gt;" for vendor and unlisted codes. */
    public static String standardString(int faultCode) {
        return STANDARD.getOrDefault(faultCode, "Fault " + faultCode);
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
