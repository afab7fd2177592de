package io.coral.cwmp;

/**
 * The body of a CWMP envelope: one immutable record per RPC and per response.
 *
 * <p>Four directions, each a sealed sub-interface: {@link CpeRequest} (the CPE calls the ACS, e.g. Inform),
 * {@link AcsResponse} (the ACS answers it), {@link AcsRequest} (the ACS calls the CPE, e.g.
 * GetParameterValues) and {@link CpeResponse} (the CPE answers). {@link GetRPCMethods} and its response go
 * both ways. {@link CwmpFault} is the answer of either side when a request fails.
 */
public sealed interface CwmpMessage permits CpeRequest, AcsResponse, AcsRequest, CpeResponse, CwmpFault {

    /** The RPC element name on the wire, e.g. {@code "GetParameterValuesResponse"}. */
    default String methodName() {
        return getClass().getSimpleName();
    }
}
