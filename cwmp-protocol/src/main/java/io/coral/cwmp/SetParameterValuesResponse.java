package io.coral.cwmp;

/** SetParameterValuesResponse: status 0 applied, 1 applied but needs a reboot/commit. */
public record SetParameterValuesResponse(int status) implements CpeResponse {
}
