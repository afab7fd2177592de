package io.coral.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.coral.bus.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The REST API as an operator's client sees it: JSON over HTTP with a bearer token. */
final class Api {
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String token;

    record Resp(int status, JsonNode json, String body) {
        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    Api(int port, String token) {
        this.base = "http://127.0.0.1:" + port;
        this.token = token;
    }

    Resp get(String path) {
        return send("GET", path, null);
    }

    Resp post(String path, Object body) {
        return send("POST", path, body);
    }

    Resp put(String path, Object body) {
        return send("PUT", path, body);
    }

    Resp delete(String path) {
        return send("DELETE", path, null);
    }

    Resp send(String method, String path, Object body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(Json.encode(body)));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        try {
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = null;
            if (r.body() != null && !r.body().isBlank() && r.body().trim().startsWith("{") || r.body().trim().startsWith("[")) {
                json = Json.MAPPER.readTree(r.body());
            }
            return new Resp(r.statusCode(), json, r.body());
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }
}
