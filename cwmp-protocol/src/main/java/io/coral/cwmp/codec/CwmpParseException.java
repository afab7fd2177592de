package io.coral.cwmp.codec;

/**
 * Why an envelope could not be read. {@link #acsFaultCode()} / {@link #cpeFaultCode()} suggest the CWMP fault to
 * answer with: an ACS answers 8xxx, a CPE 9xxx.
 */
public final class CwmpParseException extends Exception {

    /** What was wrong with the input. */
    public enum Reason {
        /** Not well-formed XML, not a SOAP 1.1 envelope, truncated, not text at all. */
        MALFORMED(8003, 9003),
        /** A DOCTYPE, entity declaration or other construct refused by policy. */
        FORBIDDEN(8003, 9003),
        /** Over the size, depth or element-count limit. */
        TOO_LARGE(8004, 9004),
        /** A namespace other than the five cwmp ones or SOAP 1.1. */
        WRONG_NAMESPACE(8003, 9003),
        /** A well-formed envelope whose body element is no known RPC. */
        UNKNOWN_METHOD(8000, 9000),
        /** A known RPC with a missing or malformed argument (a number that is not one, no DeviceId …). */
        INVALID_ARGUMENT(8003, 9003),
        /** A failure inside the codec (SAAJ configuration, I/O). */
        INTERNAL(8002, 9002);

        private final int acsFaultCode;
        private final int cpeFaultCode;

        Reason(int acsFaultCode, int cpeFaultCode) {
            this.acsFaultCode = acsFaultCode;
            this.cpeFaultCode = cpeFaultCode;
        }
    }

    private final Reason reason;

    public CwmpParseException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public CwmpParseException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    /** The fault code an ACS answers with (8000, 8002, 8003 or 8004). */
    public int acsFaultCode() {
        return reason.acsFaultCode;
    }

    /** The fault code a CPE answers with (9000, 9002, 9003 or 9004). */
    public int cpeFaultCode() {
        return reason.cpeFaultCode;
    }
}
