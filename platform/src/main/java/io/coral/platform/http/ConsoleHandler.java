package io.coral.platform.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Serves the web console (plain HTML/CSS/JS from the classpath under {@code /console/}) at {@code /}.
 * The files hold no data; everything the console shows comes from the token-protected API.
 */
public final class ConsoleHandler extends Handler.Abstract.NonBlocking {
    private static final String ROOT = "console/";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "json", "application/json; charset=utf-8");
    private static final String CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private final ConcurrentHashMap<String, Optional<byte[]>> cache = new ConcurrentHashMap<>();

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String method = request.getMethod();
        String path = request.getHttpURI().getPath();
        if (path == null) {
            return false;
        }
        String file = path.equals("/") || path.equals("/index.html") ? "index.html"
                : path.startsWith("/console/") ? path.substring("/console/".length()) : null;
        if (file == null || file.contains("..") || file.contains("//") || file.contains("%") || file.isEmpty()) {
            return notFound(response, callback);
        }
        if (!method.equals("GET") && !method.equals("HEAD")) {
            response.setStatus(405);
            response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
            response.write(true, null, callback);
            return true;
        }
        Optional<byte[]> bytes = cache.computeIfAbsent(file, ConsoleHandler::load);
        if (bytes.isEmpty()) {
            return notFound(response, callback);
        }
        String ext = file.substring(file.lastIndexOf('.') + 1);
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, TYPES.getOrDefault(ext, "application/octet-stream"));
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.getHeaders().put("Referrer-Policy", "no-referrer");
        if (ext.equals("html")) {
            response.getHeaders().put("Content-Security-Policy", CSP);
            response.getHeaders().put("X-Frame-Options", "DENY");
        }
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.get().length);
        response.write(true, method.equals("HEAD") ? null : ByteBuffer.wrap(bytes.get()), callback);
        return true;
    }

    private static boolean notFound(Response response, Callback callback) {
        byte[] body = "not found\n".getBytes(StandardCharsets.UTF_8);
        response.setStatus(404);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }

    private static Optional<byte[]> load(String file) {
        try (InputStream in = ConsoleHandler.class.getClassLoader().getResourceAsStream(ROOT + file)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
