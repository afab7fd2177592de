package io.coral.usp;

import io.coral.usp.proto.UspMsg14.Header.MsgType;

/**
 * A USP Record that could not be accepted, with its TR-369 record error code (7100–7106) and whatever
 * could be salvaged from it (from_id, to_id, the Msg's msg_id and type), which decides whether an
 * Error may be sent back (R-MTP.5). Every field but the code may be null.
 */
public final class UspDecodeException extends Exception {
    private final int code;
    private final String fromId;
    private final String toId;
    private final String version;
    private final String msgId;
    private final MsgType msgType;

    public UspDecodeException(int code, String message) {
        this(code, message, null, null, null, null, null, null);
    }

    public UspDecodeException(int code, String message, String fromId, String toId, String version,
                              String msgId, MsgType msgType, Throwable cause) {
        // Bad input is data, not a bug: no stack trace to fill (fuzzing and floods stay cheap).
        super(message, cause, false, false);
        if (!UspErrorCodes.isRecordError(code)) {
            throw new IllegalArgumentException("not a record error code: " + code);
        }
        this.code = code;
        this.fromId = emptyToNull(fromId);
        this.toId = emptyToNull(toId);
        this.version = emptyToNull(version);
        this.msgId = emptyToNull(msgId);
        this.msgType = msgType;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    public int code() { return code; }
    public String fromId() { return fromId; }
    public String toId() { return toId; }
    public String version() { return version; }
    public String msgId() { return msgId; }
    public MsgType msgType() { return msgType; }

    /** True when the failed Msg was a request (the only case an Error may answer). */
    public boolean wasRequest() {
        return msgType != null && UspMessages.isRequest(msgType);
    }
}
