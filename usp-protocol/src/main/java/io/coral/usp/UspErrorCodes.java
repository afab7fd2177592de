package io.coral.usp;

/** TR-369 error codes Coral produces or interprets (see the spec's "Error Codes" table). */
public final class UspErrorCodes {
    public static final int MESSAGE_FAILED = 7000;
    public static final int MESSAGE_NOT_SUPPORTED = 7001;
    public static final int REQUEST_DENIED = 7002;
    public static final int INTERNAL_ERROR = 7003;
    public static final int INVALID_ARGUMENTS = 7004;
    public static final int RESOURCES_EXCEEDED = 7005;
    public static final int PERMISSION_DENIED = 7006;
    public static final int INVALID_PATH = 7026;
    public static final int REGISTER_FAILURE = 7028;
    public static final int DEREGISTER_FAILURE = 7030;

    public static final int RECORD_NOT_PARSED = 7100;
    public static final int SECURE_SESSION_REQUIRED = 7101;
    public static final int SECURE_SESSION_NOT_SUPPORTED = 7102;
    public static final int SAR_NOT_SUPPORTED = 7103;
    public static final int INVALID_RECORD_VALUE = 7104;
    public static final int SESSION_CONTEXT_TERMINATED = 7105;
    public static final int SESSION_CONTEXT_NOT_ALLOWED = 7106;

    private UspErrorCodes() {}

    public static boolean isRecordError(int code) {
        return code >= RECORD_NOT_PARSED && code <= SESSION_CONTEXT_NOT_ALLOWED;
    }
}
