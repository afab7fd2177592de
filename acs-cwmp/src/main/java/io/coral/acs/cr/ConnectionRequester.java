package io.coral.acs.cr;

import io.coral.acs.auth.Digest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends TR-069 connection requests: an HTTP GET with no body to the CPE's ConnectionRequestURL,
 * answering a Digest challenge with the device's credentials (Basic only when allowed).
 */
public final class ConnectionRequester implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionRequester.class);

    /** What happened. BUSY is the CPE's 503: try again later or wait for its next Inform. */
    public enum Outcome { OK, NO_URL, UNREACHABLE, AUTH_FAILED, BUSY, REJECTED }

    public record Result(Outcome outcome, int status, String detail) {
        public boolean ok() {
            return outcome == Outcome.OK;
        }
    }

    private final HttpClient client;
    private final Duration timeout;
    private final boolean allowBasic;
    private final SecureRandom random = new SecureRandom();

    public ConnectionRequester(Duration timeout, boolean allowBasic) {
        this.timeout = timeout;
        this.allowBasic = allowBasic;
        this.client = new HttpClient();
        client.setConnectTimeout(timeout.toMillis());
        client.setFollowRedirects(false);
        client.setUserAgentField(null);
        client.setMaxConnectionsPerDestination(4);
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the connection-request client", e);
        }
    }

    public Result request(String url, String username, String password) {
        if (url == null || url.isBlank()) {
            return new Result(Outcome.NO_URL, 0, "no ConnectionRequestURL known");
        }
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            return new Result(Outcome.NO_URL, 0, "bad ConnectionRequestURL: " + url);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            return new Result(Outcome.NO_URL, 0, "unusable ConnectionRequestURL: " + url);
        }
        try {
            ContentResponse first = get(uri, null);
            if (first.getStatus() != 401) {
                return classify(first.getStatus());
            }
            if (username == null) {
                return new Result(Outcome.AUTH_FAILED, 401, "CPE demands credentials and none are known");
            }
            String authorization = answer(first.getHeaders().getValuesList(HttpHeader.WWW_AUTHENTICATE), uri,
                    username, password == null ? "" : password);
            if (authorization == null) {
                return new Result(Outcome.AUTH_FAILED, 401, "no acceptable authentication scheme offered");
            }
            ContentResponse second = get(uri, authorization);
            Result r = classify(second.getStatus());
            return r.outcome() == Outcome.REJECTED && second.getStatus() == 401
                    ? new Result(Outcome.AUTH_FAILED, 401, "credentials refused") : r;
        } catch (java.util.concurrent.TimeoutException e) {
            return new Result(Outcome.UNREACHABLE, 0, "timeout after " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(Outcome.UNREACHABLE, 0, "interrupted");
        } catch (Exception e) {
            LOG.debug("connection request to {} failed", url, e);
            Throwable c = e.getCause() != null ? e.getCause() : e;
            return new Result(Outcome.UNREACHABLE, 0, c.getClass().getSimpleName() + ": " + c.getMessage());
        }
    }

    private ContentResponse get(URI uri, String authorization) throws Exception {
        var req = client.newRequest(uri).method("GET").timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (authorization != null) {
            req.headers(h -> h.put(HttpHeader.AUTHORIZATION, authorization));
        }
        return req.send();
    }

    private static Result classify(int status) {
        if (status == 200 || status == 204) {
            return new Result(Outcome.OK, status, null);
        }
        if (status == 503) {
            return new Result(Outcome.BUSY, status, "CPE busy (503)");
        }
        return new Result(Outcome.REJECTED, status, "CPE answered " + status);
    }

    private String answer(List<String> challenges, URI uri, String username, String password) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            path = path + "?" + uri.getRawQuery();
        }
        for (String c : challenges) {
            Map<String, String> p = Digest.parse(c);
            if (p == null || p.get("nonce") == null) {
                continue;
            }
            String algorithm = p.getOrDefault("algorithm", "MD5");
            if (!algorithm.equalsIgnoreCase("MD5")) {
                continue;
            }
            String realm = p.getOrDefault("realm", "");
            String qop = null;
            if (p.containsKey("qop")) {
                for (String q : p.get("qop").split(",")) {
                    if (q.trim().equalsIgnoreCase("auth")) {
                        qop = "auth";
                    }
                }
                if (qop == null) {
                    continue;
                }
            }
            byte[] cn = new byte[8];
            random.nextBytes(cn);
            String cnonce = HexFormat.of().formatHex(cn);
            String nc = "00000001";
            String response = Digest.response(Digest.ha1(username, realm, password), "GET", path, p.get("nonce"),
                    nc, cnonce, qop);
            StringBuilder h = new StringBuilder("Digest username=").append(Digest.quote(username))
                    .append(", realm=").append(Digest.quote(realm))
                    .append(", nonce=").append(Digest.quote(p.get("nonce")))
                    .append(", uri=").append(Digest.quote(path))
                    .append(", algorithm=MD5")
                    .append(", response=").append(Digest.quote(response));
            if (qop != null) {
                h.append(", qop=auth, nc=").append(nc).append(", cnonce=").append(Digest.quote(cnonce));
            }
            if (p.containsKey("opaque")) {
                h.append(", opaque=").append(Digest.quote(p.get("opaque")));
            }
            return h.toString();
        }
        if (allowBasic) {
            for (String c : challenges) {
                if (c.regionMatches(true, 0, "Basic", 0, 5)) {
                    return "Basic " + Base64.getEncoder()
                            .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        return null;
    }

    @Override
    public void close() {
        try {
            client.stop();
        } catch (Exception e) {
            LOG.debug("stopping the connection-request client", e);
        }
    }
}
