package io.coral.script;

import java.io.InputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.util.Promise;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * {@code http_request(method, url [, headers [, body]])} with an SSRF guard: http/https only, no
 * credentials in the URL, no redirects followed, and no loopback, private, link-local, unique-local,
 * CGNAT, multicast or unspecified target unless the operator allows private targets or lists the host.
 * The address check runs again in the client's own name resolution, on the very addresses it connects
 * to, so a name that resolves differently the second time (DNS rebinding) cannot slip through.
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
        this.client = new HttpClient();
        client.setFollowRedirects(false);
        client.setConnectTimeout(timeout.toMillis());
        client.setSocketAddressResolver(this::resolve);
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the HTTP client for http_request: " + e.getMessage(), e);
        }
    }

    void close() {
        try {
            client.stop();
        } catch (Exception ignored) {
            // closing: nothing left to do with a client that will not stop
        }
    }

    /** The client's name resolution: every address it will connect to passes the same check as the URL. */
    void resolve(String host, int port, Map<String, Object> context, Promise<List<InetSocketAddress>> promise) {
        boolean trusted = allowPrivate || allowedHosts.contains(host.toLowerCase(Locale.ROOT));
        try {
            List<InetSocketAddress> out = new ArrayList<>();
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (!trusted && isInternal(a)) {
                    promise.failed(new UnknownHostException("target " + host + " (" + a.getHostAddress()
                            + ") is a loopback/private/link-local address"));
                    return;
                }
                out.add(new InetSocketAddress(a, port));
            }
            promise.succeeded(out);
        } catch (UnknownHostException e) {
            promise.failed(e);
        }
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
        Request rq = client.newRequest(uri).method(method).timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!headers.isnil()) {
            LuaValue k = LuaValue.NIL;
            while (true) {
                Varargs n = headers.next(k);
                if ((k = n.arg1()).isnil()) {
                    break;
                }
                String name = k.tojstring();
                String value = n.arg(2).tojstring();
                if (name.isBlank() || name.chars().anyMatch(c -> c <= ' ' || c == ':') || value.chars().anyMatch(c -> c == '\r' || c == '\n')) {
                    return failure("header " + name + " not allowed: bad name or value");
                }
                rq.headers(h -> h.put(name, value));
            }
        }
        if (!body.isnil()) {
            rq.body(new BytesRequestContent(body.checkstring().tojstring().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        try {
            return run.blocking(() -> {
                InputStreamResponseListener listener = new InputStreamResponseListener();
                rq.send(listener);
                Response resp;
                try {
                    resp = listener.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    return failure(String.valueOf(e.getCause()));
                } catch (java.util.concurrent.TimeoutException e) {
                    rq.abort(e);
                    return failure("timeout after " + timeout.toMillis() + " ms");
                }
                byte[] data;
                try (InputStream in = listener.getInputStream()) {
                    data = in.readNBytes(maxBody + 1);
                }
                if (data.length > maxBody) {
                    rq.abort(new IllegalStateException("response body too large"));
                    return failure("response body larger than " + maxBody + " bytes");
                }
                LuaTable t = new LuaTable();
                t.set("ok", LuaValue.valueOf(resp.getStatus() >= 200 && resp.getStatus() < 300));
                t.set("status_code", resp.getStatus());
                t.set("body", LuaValue.valueOf(data));
                LuaTable h = new LuaTable();
                for (HttpField f : resp.getHeaders()) {
                    String key = f.getName().toLowerCase(Locale.ROOT);
                    LuaValue prev = h.get(key);
                    h.set(key, prev.isnil() ? f.getValue() : prev.tojstring() + ", " + f.getValue());
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
