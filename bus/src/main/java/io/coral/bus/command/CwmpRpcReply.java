package io.coral.bus.command;

import com.fasterxml.jackson.databind.JsonNode;

/** Reply to {@link CwmpRpcRequest}: a result (shape per RPC) or an error, plus the task id. */
public record CwmpRpcReply(String taskId, JsonNode result, BusError error) {}
