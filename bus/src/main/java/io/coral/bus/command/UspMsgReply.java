package io.coral.bus.command;

/** Reply to {@link UspMsgRequest}: the response Msg in protobuf JSON form, or an error. */
public record UspMsgReply(String msg, BusError error) {}
