package io.coral.platform.api;

import io.coral.platform.http.Access;
import io.coral.platform.http.ApiRequest;
import io.coral.platform.http.ApiResponse;
import io.coral.platform.http.Router;
import io.coral.platform.metrics.PlatformMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Health (no token), Prometheus metrics and the OpenAPI document. */
final class SystemApi {
    private static final Logger log = LoggerFactory.getLogger(SystemApi.class);
    static final String OPENAPI_RESOURCE = "openapi.json";

    private final ApiContext ctx;
    private final String openApi;

    SystemApi(ApiContext ctx) {
        this.ctx = ctx;
        this.openApi = loadOpenApi();
    }

    void register(Router r) {
        registerHealthAndMetrics(r);
        r.get("/api/openapi.json", req -> ApiResponse.text("application/json", openApi));
    }

    void registerHealthAndMetrics(Router r) {
        r.add("GET", "/api/health", Access.PUBLIC, this::health);
        r.get("/metrics", req -> ApiResponse.text(PlatformMetrics.CONTENT_TYPE, ctx.metrics().scrape()));
    }

    private Object health(ApiRequest req) {
        Map<String, Object> checks = new LinkedHashMap<>();
        boolean ok = true;
        try {
            ctx.store().tokens().count();
            checks.put("store", "ok");
        } catch (RuntimeException e) {
            log.warn("health: store check failed: {}", e.getMessage());
            checks.put("store", "error");
            ok = false;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", ok ? "ok" : "degraded");
        body.put("version", ctx.version());
        body.put("roles", ctx.roles());
        body.put("checks", checks);
        return ok ? body : ApiResponse.json(503, body);
    }

    static String loadOpenApi() {
        try (InputStream in = SystemApi.class.getClassLoader().getResourceAsStream(OPENAPI_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(OPENAPI_RESOURCE + " is missing from the platform jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + OPENAPI_RESOURCE, e);
        }
    }
}
