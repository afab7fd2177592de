package io.coral.controller;

import io.coral.usp.UspRequests;
import io.coral.usp.proto.UspMsg14.Msg;

/** What the controller sends to ask "are you there?"; any answer, even a USP Error, counts as alive. */
public enum LivenessProbe {
    GET_SUPPORTED_PROTOCOL, GET_UPTIME, NONE;

    Msg message() {
        return switch (this) {
            case GET_UPTIME -> UspRequests.get("Device.DeviceInfo.UpTime").build();
            default -> UspRequests.getSupportedProtocol().build();
        };
    }
}
