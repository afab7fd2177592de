package io.coral.platform.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.coral.platform.testing.ApiFixture;
import io.coral.platform.testing.Http;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Without the role that answers, device and script commands are 503 with a clear message. */
class NoControllerTest {
    @RegisterExtension
    final ApiFixture api = new ApiFixture();

    @Test
    void missingRespondersAre503() {
        api.seed(List.of(ApiFixture.uspDevice("proto::a", "V", "M", 2, Instant.now())));
        Http.Resp usp = api.http().post("/api/devices/proto::a/usp", Map.of("msg", Map.of("header", Map.of())));
        assertThat(usp.status()).isEqualTo(503);
        assertThat(usp.json().path("error").path("message").asText()).contains("USP controller");

        Http.Resp script = api.http().post("/api/scripts", Map.of("name", "s", "content", "print(1)"));
        assertThat(script.status()).isEqualTo(503);
        assertThat(script.errorCode()).isEqualTo("unavailable");
        assertThat(script.json().path("error").path("message").asText()).contains("script engine");
    }
}
