package io.coral.cwmp;

/** AddObjectResponse: the new instance number; status 0 or 1 (needs a reboot). */
public record AddObjectResponse(long instanceNumber, int status) implements CpeResponse {
}
