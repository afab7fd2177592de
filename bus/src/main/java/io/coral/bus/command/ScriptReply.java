package io.coral.bus.command;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reply to {@link ScriptCommand}: {@code result} (a script, a list of scripts, {"run_id": …}, a run with its
 * log, a list of runs) or an error with code not_found, conflict, invalid or internal.
 */
public record ScriptReply(JsonNode result, BusError error) {}
