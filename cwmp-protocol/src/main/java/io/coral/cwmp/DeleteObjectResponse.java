package io.coral.cwmp;

/** DeleteObjectResponse: status 0 or 1 (needs a reboot). */
public record DeleteObjectResponse(int status) implements CpeResponse {
}
