package io.coral.platform.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.coral.bus.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A tiny JSON client for the REST API in tests. */
public final class Http {
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String token;

    public record Resp(int status, String body, HttpResponse<String> raw) {
        public JsonNode json() {
            try {
                return Json.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        public String errorCode() {
            return json().path("error").path("code").asText(null);
        }
    }

    public Http(String base, String token) {
        this.base = base;
        this.token = token;
    }

    public Http withToken(String other) {
        return new Http(base, other);
    }

    public Resp get(String path) {
        return send("GET", path, null);
    }

    public Resp delete(String path) {
        return send("DELETE", path, null);
    }

    public Resp post(String path, Object body) {
        return send("POST", path, body);
    }

    public Resp put(String path, Object body) {
        return send("PUT", path, body);
    }

    public Resp send(String method, String path, Object body) {
        byte[] bytes = body == null ? new byte[0] : body instanceof String s ? s.getBytes() : body instanceof byte[] b ? b : Json.encode(body);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(bytes));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Resp(r.statusCode(), r.body(), r);
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
