package io.coral.script;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One event as scripts see it. {@code kind}: cwmp_inform (one per Inform event code), cwmp_task_done,
 * cwmp_transfer, new_device, device_status, usp_notify. {@code table} is the Lua table's content;
 * {@code subject} is relative to the events root (e.g. "cwmp.inform.SN1").
 */
record ScriptEvent(String kind, String sn, String subject, String code, String protocol, String model, ObjectNode table) {}
