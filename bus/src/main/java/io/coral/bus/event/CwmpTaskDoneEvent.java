package io.coral.bus.event;

import com.fasterxml.jackson.databind.JsonNode;
import io.coral.bus.command.BusError;
import java.time.Instant;

/** A CWMP task finished (result or error), on {@code events.cwmp.task.<sn>}. */
public record CwmpTaskDoneEvent(String sn, String taskId, String rpc, JsonNode result, BusError error, Instant timestamp) {}
