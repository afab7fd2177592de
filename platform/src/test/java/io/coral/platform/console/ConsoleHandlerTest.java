package io.coral.platform.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.coral.platform.testing.ApiFixture;
import io.coral.platform.testing.Http;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ConsoleHandlerTest {
    @RegisterExtension
    final ApiFixture api = new ApiFixture();

    @Test
    void theConsoleIsServedAtTheRootWithoutData() {
        Http.Resp index = api.anonymous().get("/");
        assertThat(index.status()).isEqualTo(200);
        assertThat(index.header("Content-Type")).startsWith("text/html");
        assertThat(index.header("Content-Security-Policy")).contains("default-src 'self'");
        assertThat(index.body()).contains("<main id=\"main\"").contains("/console/app.js").contains("lang=\"en\"");

        Http.Resp js = api.anonymous().get("/console/app.js");
        assertThat(js.status()).isEqualTo(200);
        assertThat(js.header("Content-Type")).startsWith("text/javascript");
        assertThat(js.body()).contains("Authorization").contains("sessionStorage");
        assertThat(api.anonymous().get("/console/lua.js").body()).contains("LuaHighlight");
        assertThat(api.anonymous().get("/console/app.css").header("Content-Type")).startsWith("text/css");
    }

    @Test
    void unknownFilesAndTraversalAre404AndWritesAre405() {
        assertThat(api.anonymous().get("/console/nope.js").status()).isEqualTo(404);
        assertThat(api.anonymous().get("/console/..%2F..%2Fetc%2Fpasswd").status()).isIn(400, 404);
        assertThat(api.anonymous().get("/console/../logback.xml").status()).isIn(400, 404);
        assertThat(api.anonymous().get("/elsewhere").status()).isEqualTo(404);
        assertThat(api.anonymous().post("/", "{}").status()).isEqualTo(405);
    }
}
