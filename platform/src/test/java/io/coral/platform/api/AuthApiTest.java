package io.coral.platform.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.coral.platform.testing.ApiFixture;
import io.coral.platform.testing.Http;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AuthApiTest {
    @RegisterExtension
    final ApiFixture api = new ApiFixture();

    @Test
    void healthNeedsNoToken() {
        Http.Resp r = api.anonymous().get("/api/health");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().path("status").asText()).isEqualTo("ok");
        assertThat(r.json().path("roles").toString()).isEqualTo("[\"api\"]");
        assertThat(r.json().path("checks").path("store").asText()).isEqualTo("ok");
    }

    @Test
    void everythingElseNeedsAValidBearerToken() {
        for (String path : new String[] {"/api/devices", "/metrics", "/api/openapi.json", "/api/tasks", "/api/scripts", "/api/tokens"}) {
            Http.Resp none = api.anonymous().get(path);
            assertThat(none.status()).as(path).isEqualTo(401);
            assertThat(none.errorCode()).isEqualTo("unauthorized");
            assertThat(none.header("WWW-Authenticate")).startsWith("Bearer");
            assertThat(api.http().withToken("wrong-token").get(path).status()).as(path).isEqualTo(401);
        }
        Http.Resp basic = api.anonymous().send("GET", "/api/devices", null);
        assertThat(basic.json().path("error").path("message").asText()).contains("Authorization");
    }

    @Test
    void adminCreatesTokensAndNonAdminsGet403OnTokenManagement() {
        Http.Resp created = api.http().post("/api/tokens", Map.of("name", "ops"));
        assertThat(created.status()).isEqualTo(201);
        JsonNode t = created.json();
        assertThat(t.path("admin").asBoolean()).isFalse();
        String secret = t.path("token").asText();
        assertThat(secret).startsWith("coral_").hasSizeGreaterThan(30);

        Http ops = api.http().withToken(secret);
        assertThat(ops.get("/api/devices").status()).isEqualTo(200);
        assertThat(ops.get("/api/tokens/current").json().path("name").asText()).isEqualTo("ops");
        Http.Resp forbidden = ops.get("/api/tokens");
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.errorCode()).isEqualTo("forbidden");
        assertThat(ops.post("/api/tokens", Map.of("name", "x")).status()).isEqualTo(403);
        assertThat(ops.delete("/api/tokens/" + t.path("id").asText()).status()).isEqualTo(403);

        JsonNode list = api.http().get("/api/tokens").json();
        assertThat(list.path("total").asInt()).isEqualTo(2);
        assertThat(list.toString()).doesNotContain(secret).doesNotContain("hash");

        assertThat(api.http().delete("/api/tokens/" + t.path("id").asText()).status()).isEqualTo(204);
        assertThat(ops.get("/api/devices").status()).isEqualTo(401);
        assertThat(api.http().delete("/api/tokens/" + t.path("id").asText()).status()).isEqualTo(404);
    }

    @Test
    void theLastAdminTokenCannotBeDeleted() {
        String adminId = api.http().get("/api/tokens/current").json().path("id").asText();
        Http.Resp r = api.http().delete("/api/tokens/" + adminId);
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.errorCode()).isEqualTo("conflict");

        Http.Resp second = api.http().post("/api/tokens", Map.of("name", "admin2", "admin", true));
        assertThat(second.json().path("admin").asBoolean()).isTrue();
        assertThat(api.http().delete("/api/tokens/" + adminId).status()).isEqualTo(204);
        assertThat(api.http().withToken(second.json().path("token").asText()).get("/api/tokens").status()).isEqualTo(200);
    }

    @Test
    void tokenBodiesAreValidated() {
        assertThat(api.http().post("/api/tokens", Map.of()).errorCode()).isEqualTo("invalid");
        assertThat(api.http().post("/api/tokens", Map.of("name", "x", "admin", "yes")).status()).isEqualTo(400);
        assertThat(api.http().post("/api/tokens", "not json").errorCode()).isEqualTo("invalid_json");
        assertThat(api.http().post("/api/tokens", "[1]").errorCode()).isEqualTo("invalid_json");
    }

    @Test
    void errorsAreStructuredWithFittingStatusesAndNoStackTraces() {
        Http.Resp unknown = api.http().get("/api/nothing/here");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.errorCode()).isEqualTo("not_found");
        assertThat(unknown.header("Content-Type")).startsWith("application/json");

        Http.Resp wrongMethod = api.http().send("PATCH", "/api/devices", "{}");
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.errorCode()).isEqualTo("method_not_allowed");
        assertThat(wrongMethod.header("Allow")).isEqualTo("GET");

        Http.Resp huge = api.http().post("/api/tokens", new byte[(1 << 20) + 10]);
        assertThat(huge.status()).isEqualTo(413);
        assertThat(huge.errorCode()).isEqualTo("too_large");

        for (Http.Resp r : new Http.Resp[] {unknown, wrongMethod, huge}) {
            assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
            assertThat(r.json().path("error").path("message").asText()).isNotBlank();
        }
    }
}
