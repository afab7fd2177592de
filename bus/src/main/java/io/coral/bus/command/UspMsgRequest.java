package io.coral.bus.command;

/** Command on {@code usp.msg.<sn>}: a USP Msg in protobuf JSON form; the controller sets msg_id if absent. */
public record UspMsgRequest(String msg, Long timeoutMs) {}
