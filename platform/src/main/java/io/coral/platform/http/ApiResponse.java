package io.coral.platform.http;

/**
 * A response other than the plain "200 with this JSON body": another status, or a body sent as it
 * is ({@code body} is then a byte array and {@code contentType} says what it is).
 */
public record ApiResponse(int status, Object body, String contentType) {

    public static ApiResponse json(int status, Object body) {
        return new ApiResponse(status, body, "application/json");
    }

    public static ApiResponse created(Object body) {
        return json(201, body);
    }

    public static ApiResponse accepted(Object body) {
        return json(202, body);
    }

    public static ApiResponse noContent() {
        return new ApiResponse(204, null, null);
    }

    /** A body sent as it is (not JSON-encoded). */
    public static ApiResponse text(String contentType, String body) {
        return new ApiResponse(200, body.getBytes(java.nio.charset.StandardCharsets.UTF_8), contentType);
    }
}
