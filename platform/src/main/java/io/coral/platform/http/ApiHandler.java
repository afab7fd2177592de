package io.coral.platform.http;

import io.coral.bus.Json;
import io.coral.bus.NoResponderException;
import io.coral.bus.RequestTimeoutException;
import io.coral.platform.metrics.PlatformMetrics;
import io.coral.store.Token;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code /api/**} and {@code /metrics}: token check, routing, JSON in and out, and the mapping
 * of every failure to {@code {error: {code, message}}} with a fitting status (never a stack trace).
 */
public final class ApiHandler extends Handler.Abstract {
    private static final Logger log = LoggerFactory.getLogger(ApiHandler.class);
    static final int MAX_BODY = 1 << 20;

    private final Router router;
    private final Authenticator auth;
    private final PlatformMetrics metrics;

    public ApiHandler(Router router, Authenticator auth, PlatformMetrics metrics) {
        this.router = router;
        this.auth = auth;
        this.metrics = metrics;
    }

    public static boolean isApiPath(String path) {
        return path.equals("/api") || path.startsWith("/api/") || path.equals("/metrics");
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = request.getHttpURI().getPath();
        if (path == null || !isApiPath(path)) {
            return false;
        }
        long start = System.nanoTime();
        String method = request.getMethod();
        String routeName = "unmatched";
        int status;
        Object body;
        String contentType = "application/json";
        try {
            Set<String> allowed = new LinkedHashSet<>();
            Router.Match match = router.match(method, path, allowed);
            if (match == null) {
                if (!allowed.isEmpty()) {
                    response.getHeaders().put(HttpHeader.ALLOW, String.join(", ", allowed));
                    throw new ApiException(405, "method_not_allowed", method + " is not allowed on " + path + " (allowed: " + String.join(", ", allowed) + ")");
                }
                throw ApiException.notFound("no such endpoint: " + method + " " + path);
            }
            routeName = match.entry().pattern();
            Token token = authorize(request, match.entry().access());
            byte[] bytes = readBody(request);
            ApiRequest apiRequest = new ApiRequest(method, path, match.params(), query(request), bytes, token);
            Object result = match.entry().route().handle(apiRequest);
            if (result instanceof ApiResponse r) {
                status = r.status();
                body = r.body();
                if (r.contentType() != null) {
                    contentType = r.contentType();
                }
            } else if (result == null) {
                status = 204;
                body = null;
            } else {
                status = 200;
                body = result;
            }
        } catch (Throwable t) {
            ApiException e = toApiException(t);
            status = e.status();
            body = errorBody(e);
            if (status == 401) {
                response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"coral\"");
            }
        }
        if (metrics != null) {
            metrics.httpRequest(method, routeName, status, System.nanoTime() - start);
        }
        write(response, callback, status, body, contentType, method.equals("HEAD"));
        return true;
    }

    private Token authorize(Request request, Access access) {
        if (access == Access.PUBLIC) {
            return null;
        }
        String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (header == null || header.isBlank()) {
            throw new ApiException(401, "unauthorized", "missing Authorization: Bearer <token> header");
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new ApiException(401, "unauthorized", "Authorization header must be 'Bearer <token>'");
        }
        Optional<Token> token = auth.verify(header.substring(7).trim());
        if (token.isEmpty()) {
            throw new ApiException(401, "unauthorized", "invalid or revoked token");
        }
        if (access == Access.ADMIN && !token.get().admin()) {
            throw ApiException.forbidden("this operation needs an admin token");
        }
        return token.get();
    }

    private static byte[] readBody(Request request) throws Exception {
        long declared = request.getLength();
        if (declared > MAX_BODY) {
            throw new ApiException(413, "too_large", "request body larger than " + MAX_BODY + " bytes");
        }
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] bytes = in.readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY) {
                throw new ApiException(413, "too_large", "request body larger than " + MAX_BODY + " bytes");
            }
            return bytes;
        }
    }

    private static Map<String, List<String>> query(Request request) {
        Map<String, List<String>> out = new HashMap<>();
        Fields fields = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
        for (Fields.Field f : fields) {
            out.put(f.getName(), f.getValues());
        }
        return out;
    }

    private static ApiException toApiException(Throwable t) {
        Throwable cause = t;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof ApiException e) {
            return e;
        }
        if (cause instanceof NoResponderException e) {
            return ApiException.unavailable("no service instance answers: " + e.getMessage() + " (is the role running?)");
        }
        if (cause instanceof RequestTimeoutException e) {
            return new ApiException(504, "timeout", e.getMessage());
        }
        if (cause instanceof org.eclipse.jetty.http.BadMessageException e) {
            return new ApiException(400, "invalid", "bad request: " + e.getReason());
        }
        String ref = UUID.randomUUID().toString().substring(0, 8);
        log.error("internal error (ref {})", ref, cause);
        return new ApiException(500, "internal", "internal error (ref " + ref + "; see the server log)");
    }

    static Map<String, Object> errorBody(ApiException e) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", e.code());
        error.put("message", e.getMessage());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        if (e.detail() instanceof Map<?, ?> extra) {
            extra.forEach((k, v) -> body.put(String.valueOf(k), v));
        }
        return body;
    }

    private static void write(Response response, Callback callback, int status, Object body, String contentType, boolean head) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        if (status == 204 || body == null) {
            response.write(true, null, callback);
            return;
        }
        byte[] bytes;
        if (body instanceof byte[] b) {
            bytes = b;
        } else {
            bytes = Json.encode(body);
        }
        String ct = contentType.contains("charset") ? contentType : contentType + "; charset=utf-8";
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, ct);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, head ? null : ByteBuffer.wrap(bytes), callback);
    }
}
