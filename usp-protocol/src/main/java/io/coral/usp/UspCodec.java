package io.coral.usp;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import io.coral.usp.proto.UspMsg14.Body;
import io.coral.usp.proto.UspMsg14.Error;
import io.coral.usp.proto.UspMsg14.Header;
import io.coral.usp.proto.UspMsg14.Msg;
import io.coral.usp.proto.UspRecord14.Record;
import io.coral.usp.proto.UspRecord14.SessionContextRecord;
import java.util.Optional;

/**
 * USP Record/Msg ⇄ bytes. Decoding never lets anything but {@link UspDecodeException} out, whatever the
 * bytes: the error carries the 7100–7106 code and what could be salvaged for an Error reply.
 */
public final class UspCodec {
    private UspCodec() {}

    public static byte[] encode(Record record) {
        return record.toByteArray();
    }

    public static byte[] encode(Msg msg) {
        return msg.toByteArray();
    }

    /** Parses a Record and, for a NoSessionContext record, its Msg. */
    public static DecodedRecord decode(byte[] bytes) throws UspDecodeException {
        if (bytes == null) {
            throw new UspDecodeException(UspErrorCodes.RECORD_NOT_PARSED, "no payload");
        }
        Record record;
        try {
            record = Record.parseFrom(bytes);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            throw new UspDecodeException(UspErrorCodes.RECORD_NOT_PARSED, "record could not be parsed: " + e.getMessage(),
                    null, null, null, null, null, e);
        }
        return check(record);
    }

    private static DecodedRecord check(Record record) throws UspDecodeException {
        String from = record.getFromId();
        String to = record.getToId();
        String version = record.getVersion();
        if (version.isEmpty()) {
            throw fail(UspErrorCodes.INVALID_RECORD_VALUE, "record has no version", record, null);
        }
        if (from.isEmpty() || to.isEmpty()) {
            throw fail(UspErrorCodes.INVALID_RECORD_VALUE, "record lacks from_id or to_id", record, null);
        }
        switch (record.getRecordTypeCase()) {
            case NO_SESSION_CONTEXT -> {
                if (record.getPayloadSecurity() != Record.PayloadSecurity.PLAINTEXT) {
                    // The payload is TLS-protected end to end; without an E2E session it cannot be read.
                    throw fail(UspErrorCodes.SECURE_SESSION_NOT_SUPPORTED, "payload security "
                            + record.getPayloadSecurityValue() + " not supported", record, null);
                }
                byte[] payload = record.getNoSessionContext().getPayload().toByteArray();
                return new DecodedRecord(DecodedRecord.Kind.MSG, record, decodeMsg(payload, record));
            }
            case SESSION_CONTEXT -> {
                SessionContextRecord sc = record.getSessionContext();
                Header header = sc.getPayloadCount() == 1 && sc.getPayloadSarState() == SessionContextRecord.PayloadSARState.NONE
                        ? salvageHeader(sc.getPayload(0).toByteArray()) : null;
                throw fail(UspErrorCodes.SESSION_CONTEXT_NOT_ALLOWED, "session context records are not supported",
                        record, header);
            }
            case MQTT_CONNECT -> {
                return new DecodedRecord(DecodedRecord.Kind.MQTT_CONNECT, record, null);
            }
            case DISCONNECT -> {
                return new DecodedRecord(DecodedRecord.Kind.DISCONNECT, record, null);
            }
            case WEBSOCKET_CONNECT, STOMP_CONNECT, UDS_CONNECT -> {
                return new DecodedRecord(DecodedRecord.Kind.OTHER_CONNECT, record, null);
            }
            default -> throw fail(UspErrorCodes.INVALID_RECORD_VALUE, "record has no known record_type", record, null);
        }
    }

    private static Msg decodeMsg(byte[] payload, Record record) throws UspDecodeException {
        try {
            return Msg.parseFrom(payload);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            Header h = salvageHeader(payload);
            throw new UspDecodeException(UspErrorCodes.RECORD_NOT_PARSED, "payload Msg could not be parsed: " + e.getMessage(),
                    record.getFromId(), record.getToId(), record.getVersion(), headerId(h), headerType(h), e);
        }
    }

    /** Parses a bare Msg (no Record around it). */
    public static Msg decodeMsg(byte[] bytes) throws UspDecodeException {
        try {
            return Msg.parseFrom(bytes == null ? new byte[0] : bytes);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            Header h = salvageHeader(bytes);
            throw new UspDecodeException(UspErrorCodes.RECORD_NOT_PARSED, "Msg could not be parsed: " + e.getMessage(),
                    null, null, null, headerId(h), headerType(h), e);
        }
    }

    private static UspDecodeException fail(int code, String message, Record record, Header header) {
        return new UspDecodeException(code, message, record.getFromId(), record.getToId(), record.getVersion(),
                headerId(header), headerType(header), null);
    }

    private static String headerId(Header h) {
        return h == null ? null : h.getMsgId();
    }

    private static Header.MsgType headerType(Header h) {
        return h == null || h.getMsgId().isEmpty() ? null : h.getMsgType();
    }

    /**
     * Reads the Msg's header (field 1) from bytes whose rest may be broken, so that a request's msg_id can
     * still be answered with an Error; null when the header itself is not readable.
     */
    static Header salvageHeader(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            CodedInputStream in = CodedInputStream.newInstance(bytes);
            while (!in.isAtEnd()) {
                int tag = in.readTag();
                if (WireFormat.getTagFieldNumber(tag) == Msg.HEADER_FIELD_NUMBER
                        && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                    Header h = Header.parseFrom(in.readBytes());
                    return h.getMsgType() == Header.MsgType.UNRECOGNIZED ? null : h;
                }
                if (!in.skipField(tag)) {
                    return null;
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
        return null;
    }

    /**
     * The Error Record answering a record that failed, when R-MTP.5 allows one: the from_id is there, the
     * to_id is ours, and the failed Msg was a request whose msg_id could be read. Otherwise empty (drop).
     */
    public static Optional<Record> errorReply(UspDecodeException e, String ownEndpointId) {
        if (e.fromId() == null || !EndpointIds.isValid(e.fromId()) || !ownEndpointId.equals(e.toId())
                || e.msgId() == null || !e.wasRequest()) {
            return Optional.empty();
        }
        Msg error = Msg.newBuilder()
                .setHeader(Header.newBuilder().setMsgId(e.msgId()).setMsgType(Header.MsgType.ERROR))
                .setBody(Body.newBuilder().setError(Error.newBuilder().setErrCode(e.code())
                        .setErrMsg(e.getMessage() == null ? "" : e.getMessage())))
                .build();
        return Optional.of(UspRecords.noSessionContext(e.version(), e.fromId(), ownEndpointId, error));
    }
}
