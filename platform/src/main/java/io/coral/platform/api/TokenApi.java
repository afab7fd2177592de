package io.coral.platform.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coral.platform.AdminToken;
import io.coral.platform.http.Access;
import io.coral.platform.http.ApiException;
import io.coral.platform.http.ApiRequest;
import io.coral.platform.http.ApiResponse;
import io.coral.platform.http.Router;
import io.coral.store.Token;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** API tokens: admins list, create and revoke them; anyone can see which token they hold. */
final class TokenApi {
    private final ApiContext ctx;

    TokenApi(ApiContext ctx) {
        this.ctx = ctx;
    }

    void register(Router r) {
        r.get("/api/tokens/current", req -> Views.token(req.token()));
        r.add("GET", "/api/tokens", Access.ADMIN, this::list);
        r.add("POST", "/api/tokens", Access.ADMIN, this::create);
        r.add("DELETE", "/api/tokens/{id}", Access.ADMIN, this::delete);
    }

    private Object list(ApiRequest req) {
        List<Token> tokens = ctx.store().tokens().list();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", tokens.stream().map(Views::token).toList());
        body.put("total", tokens.size());
        return body;
    }

    private Object create(ApiRequest req) {
        ObjectNode body = req.json();
        JsonNode name = body.get("name");
        if (name == null || !name.isTextual() || name.asText().isBlank() || name.asText().length() > 100) {
            throw ApiException.badRequest("name is required (1-100 characters)");
        }
        JsonNode admin = body.get("admin");
        if (admin != null && !admin.isNull() && !admin.isBoolean()) {
            throw ApiException.badRequest("admin must be true or false");
        }
        String secret = AdminToken.newSecret();
        Token token = ctx.store().tokens().create(name.asText().trim(), secret, admin != null && admin.asBoolean());
        Map<String, Object> out = Views.token(token);
        out.put("token", secret);
        return ApiResponse.created(out);
    }

    private Object delete(ApiRequest req) {
        String id = req.param("id");
        List<Token> tokens = ctx.store().tokens().list();
        Token target = tokens.stream().filter(t -> t.id().equals(id)).findFirst()
                .orElseThrow(() -> ApiException.notFound("no token '" + id + "'"));
        if (target.admin() && tokens.stream().filter(Token::admin).count() == 1) {
            throw ApiException.conflict("cannot delete the last admin token");
        }
        ctx.store().tokens().delete(id);
        ctx.auth().invalidate();
        return ApiResponse.noContent();
    }
}
