package io.coral.bus.command;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Command on {@code cwmp.rpc.<sn>}: either {@code rpc} + {@code args} (e.g. "GetParameterValues",
 * {"names": [...]}) or a whole SOAP envelope in {@code xml}. {@code mode} is "now" (connection
 * request, wait for the result) or "next_inform" (queue, reply at once with the task id).
 */
public record CwmpRpcRequest(String rpc, JsonNode args, String xml, String mode, Long timeoutMs) {
    public static final String MODE_NOW = "now";
    public static final String MODE_NEXT_INFORM = "next_inform";
}
