package io.coral.platform.http;

/** An error the API reports as {@code {error: {code, message}}} with an HTTP status. */
public class ApiException extends RuntimeException {
    private final int status;
    private final String code;
    private final Object detail;

    public ApiException(int status, String code, String message) {
        this(status, code, message, null);
    }

    public ApiException(int status, String code, String message, Object detail) {
        super(message);
        this.status = status;
        this.code = code;
        this.detail = detail;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** Extra top-level fields of the error body (e.g. a CWMP fault in Lua shape), or null. */
    public Object detail() {
        return detail;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, "invalid", message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, "not_found", message);
    }

    public static ApiException forbidden(String message) {
        return new ApiException(403, "forbidden", message);
    }

    public static ApiException conflict(String message) {
        return new ApiException(409, "conflict", message);
    }

    public static ApiException unavailable(String message) {
        return new ApiException(503, "unavailable", message);
    }
}
