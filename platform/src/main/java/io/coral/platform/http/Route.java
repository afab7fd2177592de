package io.coral.platform.http;

/**
 * One endpoint. Returns the body to send as JSON with status 200, an {@link ApiResponse}, or null for
 * 204; throws {@link ApiException} for an error the caller should see.
 */
@FunctionalInterface
public interface Route {
    Object handle(ApiRequest request) throws Exception;
}
