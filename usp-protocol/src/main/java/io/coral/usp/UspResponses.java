package io.coral.usp;

import io.coral.usp.proto.UspMsg14.Body;
import io.coral.usp.proto.UspMsg14.DeregisterResp;
import io.coral.usp.proto.UspMsg14.Error;
import io.coral.usp.proto.UspMsg14.Header;
import io.coral.usp.proto.UspMsg14.Header.MsgType;
import io.coral.usp.proto.UspMsg14.Msg;
import io.coral.usp.proto.UspMsg14.NotifyResp;
import io.coral.usp.proto.UspMsg14.RegisterResp;
import io.coral.usp.proto.UspMsg14.Response;
import java.util.List;

/** The responses a controller sends: NotifyResp, RegisterResp, DeregisterResp, and Error. */
public final class UspResponses {
    private UspResponses() {}

    /** One path's outcome: {@code errCode} 0 is success. */
    public record PathOutcome(String path, int errCode, String errMsg) {
        public static PathOutcome success(String path) { return new PathOutcome(path, 0, ""); }
        public static PathOutcome failure(String path, int code, String msg) { return new PathOutcome(path, code, msg); }
    }

    public record ParamError(String paramPath, int errCode, String errMsg) {}

    /** NotifyResp: same msg_id and subscription_id as the Notify (R-NOT.10). */
    public static Msg notifyResp(String msgId, String subscriptionId) {
        return UspMessages.wrap(msgId, MsgType.NOTIFY_RESP, Response.newBuilder()
                .setNotifyResp(NotifyResp.newBuilder().setSubscriptionId(subscriptionId == null ? "" : subscriptionId))
                .build());
    }

    public static Msg registerResp(String msgId, List<PathOutcome> outcomes) {
        RegisterResp.Builder r = RegisterResp.newBuilder();
        for (PathOutcome o : outcomes) {
            var status = RegisterResp.RegisteredPathResult.OperationStatus.newBuilder();
            if (o.errCode() == 0) {
                status.setOperSuccess(RegisterResp.RegisteredPathResult.OperationStatus.OperationSuccess.newBuilder()
                        .setRegisteredPath(o.path()));
            } else {
                status.setOperFailure(RegisterResp.RegisteredPathResult.OperationStatus.OperationFailure.newBuilder()
                        .setErrCode(o.errCode()).setErrMsg(nz(o.errMsg())));
            }
            r.addRegisteredPathResults(RegisterResp.RegisteredPathResult.newBuilder().setRequestedPath(o.path()).setOperStatus(status));
        }
        return UspMessages.wrap(msgId, MsgType.REGISTER_RESP, Response.newBuilder().setRegisterResp(r).build());
    }

    public static Msg deregisterResp(String msgId, List<PathOutcome> outcomes) {
        DeregisterResp.Builder r = DeregisterResp.newBuilder();
        for (PathOutcome o : outcomes) {
            var status = DeregisterResp.DeregisteredPathResult.OperationStatus.newBuilder();
            if (o.errCode() == 0) {
                status.setOperSuccess(DeregisterResp.DeregisteredPathResult.OperationStatus.OperationSuccess.newBuilder()
                        .addDeregisteredPath(o.path()));
            } else {
                status.setOperFailure(DeregisterResp.DeregisteredPathResult.OperationStatus.OperationFailure.newBuilder()
                        .setErrCode(o.errCode()).setErrMsg(nz(o.errMsg())));
            }
            r.addDeregisteredPathResults(DeregisterResp.DeregisteredPathResult.newBuilder().setRequestedPath(o.path()).setOperStatus(status));
        }
        return UspMessages.wrap(msgId, MsgType.DEREGISTER_RESP, Response.newBuilder().setDeregisterResp(r).build());
    }

    public static Msg error(String msgId, int code, String message) {
        return error(msgId, code, message, List.of());
    }

    public static Msg error(String msgId, int code, String message, List<ParamError> paramErrors) {
        Error.Builder e = Error.newBuilder().setErrCode(code).setErrMsg(nz(message));
        for (ParamError p : paramErrors) {
            e.addParamErrs(Error.ParamError.newBuilder().setParamPath(p.paramPath()).setErrCode(p.errCode()).setErrMsg(nz(p.errMsg())));
        }
        return Msg.newBuilder()
                .setHeader(Header.newBuilder().setMsgId(msgId).setMsgType(MsgType.ERROR))
                .setBody(Body.newBuilder().setError(e))
                .build();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
