package io.coral.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.coral.platform.testing.Http;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    @TempDir
    Path tmp;

    record Outcome(int code, String out, String err, CoralPlatform platform) {}

    private static Outcome run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        AtomicReference<CoralPlatform> started = new AtomicReference<>();
        int code = Main.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                false, started::set);
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), started.get());
    }

    @Test
    void badSettingsGiveOneLineNamingTheSettingAndExit2() {
        Outcome flag = run(Map.of(), "--http-port", "http");
        assertThat(flag.code()).isEqualTo(2);
        assertThat(flag.err().strip()).isEqualTo("coral: bad setting http-port: 'http' is not a port number (0-65535) (from --http-port)");
        assertThat(flag.err().lines().count()).isEqualTo(1);

        Outcome env = run(Map.of("CORAL_ROLES", "acs,web"));
        assertThat(env.code()).isEqualTo(2);
        assertThat(env.err()).contains("roles: unknown role 'web'").contains("CORAL_ROLES");

        Outcome unknown = run(Map.of(), "--htp-port", "1");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err().lines().count()).isEqualTo(1);
        assertThat(unknown.err()).contains("--htp-port");

        Outcome token = run(Map.of("CORAL_ADMIN_TOKEN", "short"), "--roles", "api", "--data-dir", tmp.toString());
        assertThat(token.code()).isEqualTo(2);
        assertThat(token.err()).contains("CORAL_ADMIN_TOKEN");
    }

    @Test
    void aPortInUseIsABadSetting() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Outcome o = run(Map.of(), "--roles", "api", "--http-host", "127.0.0.1", "--http-port", Integer.toString(taken.getLocalPort()),
                    "--data-dir", tmp.toString());
            assertThat(o.code()).isEqualTo(2);
            assertThat(o.err()).startsWith("coral: bad setting http-port: cannot listen on 127.0.0.1:" + taken.getLocalPort());
        }
    }

    @Test
    void firstStartPrintsWhereItListensAndTheAdminTokenOnce() throws Exception {
        Path data = tmp.resolve("data");
        Outcome first = run(Map.of(), "--roles", "api", "--http-host", "127.0.0.1", "--http-port", "0", "--data-dir", data.toString());
        String token;
        try {
            assertThat(first.code()).as(first.err()).isZero();
            assertThat(first.out()).contains("REST API and console").contains("http://127.0.0.1:" + first.platform().httpPort() + "/");
            assertThat(first.out()).contains("Admin API token");
            token = Files.readString(data.resolve("admin-token")).strip();
            assertThat(token).startsWith("coral_");
            assertThat(first.out()).contains(token);
            Http http = new Http("http://127.0.0.1:" + first.platform().httpPort(), token);
            assertThat(http.get("/api/tokens/current").json().path("admin").asBoolean()).isTrue();
        } finally {
            first.platform().close();
        }

        Outcome second = run(Map.of(), "--roles", "api", "--http-host", "127.0.0.1", "--http-port", "0", "--data-dir", data.toString());
        try {
            assertThat(second.code()).isZero();
            assertThat(second.out()).doesNotContain("Admin API token").doesNotContain(token);
            Http http = new Http("http://127.0.0.1:" + second.platform().httpPort(), token);
            assertThat(http.get("/api/devices").status()).isEqualTo(200);
        } finally {
            second.platform().close();
        }
    }

    @Test
    void theAdminTokenCanBeChosenWithTheEnvironmentAndConfigComesFromAFile() throws Exception {
        Path cfg = tmp.resolve("coral.properties");
        Files.writeString(cfg, "roles=api\nhttp-host=127.0.0.1\nhttp-port=0\ndata-dir=" + tmp.resolve("d").toString().replace("\\", "/") + "\n");
        Outcome o = run(Map.of("CORAL_ADMIN_TOKEN", "my-own-admin-token-123"), "--config", cfg.toString());
        try {
            assertThat(o.code()).as(o.err()).isZero();
            assertThat(o.out()).contains("my-own-admin-token-123");
            assertThat(Files.readString(tmp.resolve("d").resolve("admin-token")).strip()).isEqualTo("my-own-admin-token-123");
            Http http = new Http("http://127.0.0.1:" + o.platform().httpPort(), "my-own-admin-token-123");
            assertThat(http.get("/api/tokens").status()).isEqualTo(200);
        } finally {
            o.platform().close();
        }
    }

    @Test
    void helpListsEveryOption() {
        Outcome o = run(Map.of(), "--help");
        assertThat(o.code()).isZero();
        for (io.coral.platform.config.Setting s : io.coral.platform.config.Setting.values()) {
            assertThat(o.out()).contains(s.flag());
        }
        assertThat(o.out()).contains("--config").contains("CORAL_");
    }
}
