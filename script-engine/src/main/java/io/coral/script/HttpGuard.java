package io.coral.script;

import java.io.InputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * {@code http_request(method, url [, headers [, body]])} with an SSRF guard: http/https only, no
 * credentials in the URL, no redirects followed, and no loopback, private, link-local, unique-local,
 * CGNAT, multicast or unspecified target unless the operator allows private targets or lists the host.
 */
final class HttpGuard {
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS");

    private final boolean allowPrivate;
    private final Set<String> allowedHosts;
    private final HttpClient client;
    private final Duration timeout;
    private final int maxBody;

    HttpGuard(boolean allowPrivate, Set<String> allowedHosts, Duration timeout, int maxBody) {
        this.allowPrivate = allowPrivate;
        this.allowedHosts = allowedHosts;
        this.timeout = timeout;
        this.maxBody = maxBody;
        this.client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .build();
    }

    private static LuaTable failure(String message) {
        LuaTable t = new LuaTable();
        t.set("ok", LuaValue.FALSE);
        t.set("status_code", 0);
        t.set("body", "");
        t.set("headers", new LuaTable());
        t.set("error_message", message);
        return t;
    }

    /** Null when the URL may be fetched, otherwise why not. */
    String refusal(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return "only http and https URLs are allowed";
        }
        if (uri.getRawUserInfo() != null) {
            return "credentials in the URL are not allowed (send an Authorization header)";
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            return "URL has no host";
        }
        if (allowedHosts.contains(host.toLowerCase(Locale.ROOT)) || allowPrivate) {
            return null;
        }
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (isInternal(a)) {
                    return "target " + host + " (" + a.getHostAddress() + ") is a loopback/private/link-local address";
                }
            }
        } catch (UnknownHostException e) {
            return "unknown host " + host;
        }
        return null;
    }

    static boolean isInternal(InetAddress a) {
        if (a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet6Address) {
            return (b[0] & 0xfe) == 0xfc; // fc00::/7 unique local
        }
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        return first == 0 || (first == 100 && second >= 64 && second < 128) || (first == 198 && (second == 18 || second == 19));
    }

    Varargs request(ScriptRun run, Varargs a) {
        String method = a.checkjstring(1).toUpperCase(Locale.ROOT);
        String url = a.checkjstring(2);
        LuaValue headers = a.arg(3);
        LuaValue body = a.arg(4);
        if (!METHODS.contains(method)) {
            throw new LuaError("bad argument #1 to 'http_request' (unknown method " + method + ")");
        }
        if (!headers.isnil() && !headers.istable()) {
            throw new LuaError("bad argument #3 to 'http_request' (table expected, got " + headers.typename() + ")");
        }
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return failure("invalid URL: " + e.getMessage());
        }
        String refused = refusal(uri);
        if (refused != null) {
            return failure(refused);
        }
        HttpRequest.Builder rb = HttpRequest.newBuilder(uri).timeout(timeout);
        if (!headers.isnil()) {
            LuaValue k = LuaValue.NIL;
            while (true) {
                Varargs n = headers.next(k);
                if ((k = n.arg1()).isnil()) {
                    break;
                }
                try {
                    rb.header(k.tojstring(), n.arg(2).tojstring());
                } catch (IllegalArgumentException e) {
                    return failure("header " + k.tojstring() + " not allowed: " + e.getMessage());
                }
            }
        }
        HttpRequest.BodyPublisher publisher = body.isnil() ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body.checkstring().tojstring().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        rb.method(method, publisher);
        HttpRequest req = rb.build();
        try {
            return run.blocking(() -> {
                var f = client.sendAsync(req, HttpResponse.BodyHandlers.ofInputStream());
                HttpResponse<InputStream> resp;
                try {
                    resp = f.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    return failure(String.valueOf(e.getCause()));
                } catch (java.util.concurrent.TimeoutException e) {
                    f.cancel(true);
                    return failure("timeout after " + timeout.toMillis() + " ms");
                }
                byte[] data;
                try (InputStream in = resp.body()) {
                    data = in.readNBytes(maxBody + 1);
                }
                if (data.length > maxBody) {
                    return failure("response body larger than " + maxBody + " bytes");
                }
                LuaTable t = new LuaTable();
                t.set("ok", LuaValue.valueOf(resp.statusCode() >= 200 && resp.statusCode() < 300));
                t.set("status_code", resp.statusCode());
                t.set("body", LuaValue.valueOf(data));
                LuaTable h = new LuaTable();
                for (Map.Entry<String, List<String>> e : resp.headers().map().entrySet()) {
                    h.set(e.getKey().toLowerCase(Locale.ROOT), String.join(", ", e.getValue()));
                }
                t.set("headers", h);
                t.set("error_message", "");
                return t;
            });
        } finally {
            run.afterBlocking();
        }
    }
}
