package io.coral.cwmp;

/** GetRPCMethods, sent by either side. */
public record GetRPCMethods() implements CpeRequest, AcsRequest {
}
