package io.coral.simulator.cwmp;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The HTTP side of one CWMP session: POSTs to the ACS URL keeping the session's cookies and answering Basic or
 * Digest challenges with the CPE's credentials (re-using a Digest challenge with a growing nonce count).
 */
final class AcsConnection {
    private final HttpClient http;
    private final URI url;
    private final String username;
    private final String password;
    private final Duration timeout;
    private final Map<String, String> cookies = new LinkedHashMap<>(2);
    private Map<String, String> digestChallenge;
    private boolean basic;
    private int nonceCount;

    AcsConnection(HttpClient http, URI url, String username, String password, Duration timeout) {
        this.http = http;
        this.url = url;
        this.username = username;
        this.password = password;
        this.timeout = timeout;
    }

    /** Thrown for an HTTP status the session cannot go on with. */
    static final class HttpStatusException extends IOException {
        final int status;

        HttpStatusException(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    /** POSTs a body (empty for the "no more requests" POST) and returns the ACS's reply body (empty for 204). */
    byte[] post(byte[] body) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = send(body);
        if (r.statusCode() == 401 && username != null && !username.isEmpty()) {
            if (!challenge(r)) {
                throw new HttpStatusException(401, "ACS asked for an authentication scheme the CPE does not support");
            }
            r = send(body);
        }
        storeCookies(r);
        int s = r.statusCode();
        if (s == 204) {
            return new byte[0];
        }
        if (s != 200) {
            throw new HttpStatusException(s, "ACS answered HTTP " + s);
        }
        return r.body();
    }

    private HttpResponse<byte[]> send(byte[] body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(url).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (body.length > 0) {
            b.header("Content-Type", "text/xml; charset=utf-8").header("SOAPAction", "");
        }
        if (!cookies.isEmpty()) {
            StringBuilder sb = new StringBuilder();
            cookies.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : "; ").append(k).append('=').append(v));
            b.header("Cookie", sb.toString());
        }
        if (digestChallenge != null) {
            b.header("Authorization", HttpAuth.digest(digestChallenge, "POST", path(), username, password, ++nonceCount));
        } else if (basic) {
            b.header("Authorization", HttpAuth.basic(username, password));
        }
        return sendWithin(http, b.build(), timeout);
    }

    /**
     * Sends with a deadline kept by the caller, not by HttpRequest.timeout: the JDK client keeps request timers
     * in one synchronized set, which thousands of concurrent sessions turn into the bottleneck.
     */
    static HttpResponse<byte[]> sendWithin(HttpClient http, HttpRequest request, Duration timeout)
            throws IOException, InterruptedException {
        CompletableFuture<HttpResponse<byte[]>> f = http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new HttpTimeoutException("no answer from " + request.uri() + " within " + timeout);
        } catch (InterruptedException e) {
            f.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(c);
        }
    }

    private String path() {
        String p = url.getRawPath();
        if (p == null || p.isEmpty()) {
            p = "/";
        }
        return url.getRawQuery() == null ? p : p + "?" + url.getRawQuery();
    }

    private boolean challenge(HttpResponse<?> r) {
        storeCookies(r);
        List<String> headers = r.headers().allValues("WWW-Authenticate");
        for (String h : headers) {
            if (HttpAuth.scheme(h).equals("digest")) {
                digestChallenge = HttpAuth.params(h);
                nonceCount = 0;
                basic = false;
                return true;
            }
        }
        for (String h : headers) {
            if (HttpAuth.scheme(h).equals("basic")) {
                basic = true;
                digestChallenge = null;
                return true;
            }
        }
        return false;
    }

    private void storeCookies(HttpResponse<?> r) {
        for (String sc : r.headers().allValues("Set-Cookie")) {
            String pair = sc.split(";", 2)[0];
            int eq = pair.indexOf('=');
            if (eq > 0) {
                cookies.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
            }
        }
    }
}
