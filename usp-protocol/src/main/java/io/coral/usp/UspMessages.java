package io.coral.usp;

import io.coral.usp.proto.UspMsg14.Body;
import io.coral.usp.proto.UspMsg14.Header;
import io.coral.usp.proto.UspMsg14.Header.MsgType;
import io.coral.usp.proto.UspMsg14.Msg;
import io.coral.usp.proto.UspMsg14.Request;
import io.coral.usp.proto.UspMsg14.Response;
import java.util.Optional;
import java.util.UUID;

/** Small facts about Msgs: which types are requests, what answers what, msg_id generation. */
public final class UspMessages {
    private UspMessages() {}

    public static String newMsgId() {
        return UUID.randomUUID().toString();
    }

    public static boolean isRequest(MsgType t) {
        return switch (t) {
            case GET, SET, ADD, DELETE, OPERATE, NOTIFY, GET_SUPPORTED_DM, GET_INSTANCES, GET_SUPPORTED_PROTO,
                 REGISTER, DEREGISTER -> true;
            default -> false;
        };
    }

    public static boolean isResponse(MsgType t) {
        return switch (t) {
            case GET_RESP, SET_RESP, ADD_RESP, DELETE_RESP, OPERATE_RESP, NOTIFY_RESP, GET_SUPPORTED_DM_RESP,
                 GET_INSTANCES_RESP, GET_SUPPORTED_PROTO_RESP, REGISTER_RESP, DEREGISTER_RESP -> true;
            default -> false;
        };
    }

    /** The msg_type a request body implies (the header's own type may be missing or wrong). */
    public static Optional<MsgType> typeOf(Request r) {
        return Optional.ofNullable(switch (r.getReqTypeCase()) {
            case GET -> MsgType.GET;
            case GET_SUPPORTED_DM -> MsgType.GET_SUPPORTED_DM;
            case GET_INSTANCES -> MsgType.GET_INSTANCES;
            case SET -> MsgType.SET;
            case ADD -> MsgType.ADD;
            case DELETE -> MsgType.DELETE;
            case OPERATE -> MsgType.OPERATE;
            case NOTIFY -> MsgType.NOTIFY;
            case GET_SUPPORTED_PROTOCOL -> MsgType.GET_SUPPORTED_PROTO;
            case REGISTER -> MsgType.REGISTER;
            case DEREGISTER -> MsgType.DEREGISTER;
            case REQTYPE_NOT_SET -> null;
        });
    }

    public static Optional<MsgType> typeOf(Response r) {
        return Optional.ofNullable(switch (r.getRespTypeCase()) {
            case GET_RESP -> MsgType.GET_RESP;
            case GET_SUPPORTED_DM_RESP -> MsgType.GET_SUPPORTED_DM_RESP;
            case GET_INSTANCES_RESP -> MsgType.GET_INSTANCES_RESP;
            case SET_RESP -> MsgType.SET_RESP;
            case ADD_RESP -> MsgType.ADD_RESP;
            case DELETE_RESP -> MsgType.DELETE_RESP;
            case OPERATE_RESP -> MsgType.OPERATE_RESP;
            case NOTIFY_RESP -> MsgType.NOTIFY_RESP;
            case GET_SUPPORTED_PROTOCOL_RESP -> MsgType.GET_SUPPORTED_PROTO_RESP;
            case REGISTER_RESP -> MsgType.REGISTER_RESP;
            case DEREGISTER_RESP -> MsgType.DEREGISTER_RESP;
            case RESPTYPE_NOT_SET -> null;
        });
    }

    /** The msg_type a whole Msg's body implies; ERROR for an Error body, empty when the body is empty. */
    public static Optional<MsgType> typeOf(Msg msg) {
        Body b = msg.getBody();
        return switch (b.getMsgBodyCase()) {
            case REQUEST -> typeOf(b.getRequest());
            case RESPONSE -> typeOf(b.getResponse());
            case ERROR -> Optional.of(MsgType.ERROR);
            case MSGBODY_NOT_SET -> Optional.empty();
        };
    }

    /** The response type answering a request type. */
    public static Optional<MsgType> responseTypeOf(MsgType request) {
        return Optional.ofNullable(switch (request) {
            case GET -> MsgType.GET_RESP;
            case SET -> MsgType.SET_RESP;
            case ADD -> MsgType.ADD_RESP;
            case DELETE -> MsgType.DELETE_RESP;
            case OPERATE -> MsgType.OPERATE_RESP;
            case NOTIFY -> MsgType.NOTIFY_RESP;
            case GET_SUPPORTED_DM -> MsgType.GET_SUPPORTED_DM_RESP;
            case GET_INSTANCES -> MsgType.GET_INSTANCES_RESP;
            case GET_SUPPORTED_PROTO -> MsgType.GET_SUPPORTED_PROTO_RESP;
            case REGISTER -> MsgType.REGISTER_RESP;
            case DEREGISTER -> MsgType.DEREGISTER_RESP;
            default -> null;
        });
    }

    static Msg wrap(String msgId, MsgType type, Request request) {
        return Msg.newBuilder()
                .setHeader(Header.newBuilder().setMsgId(msgId == null ? newMsgId() : msgId).setMsgType(type))
                .setBody(Body.newBuilder().setRequest(request))
                .build();
    }

    static Msg wrap(String msgId, MsgType type, Response response) {
        return Msg.newBuilder()
                .setHeader(Header.newBuilder().setMsgId(msgId).setMsgType(type))
                .setBody(Body.newBuilder().setResponse(response))
                .build();
    }

    /** A copy of {@code msg} with the given msg_id, and the header's msg_type filled from the body. */
    public static Msg withMsgId(Msg msg, String msgId) {
        Header.Builder h = msg.getHeader().toBuilder().setMsgId(msgId);
        typeOf(msg).ifPresent(h::setMsgType);
        return msg.toBuilder().setHeader(h).build();
    }
}
