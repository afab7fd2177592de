package io.coral.script;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** http_request against a loopback server: refused by default (SSRF guard), served when the host is allowed. */
class HttpRequestTest {
    static EngineFixture fx;
    static HttpServer server;
    static String base;

    @BeforeAll
    static void start() throws Exception {
        fx = new EngineFixture();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/echo", ex -> {
            byte[] in = ex.getRequestBody().readAllBytes();
            String reply = ex.getRequestMethod() + " " + ex.getRequestHeaders().getFirst("X-Token") + " " + new String(in, StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("X-Reply", "yes");
            byte[] out = reply.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(201, out.length);
            ex.getResponseBody().write(out);
            ex.close();
        });
        server.createContext("/redirect", ex -> {
            ex.getResponseHeaders().add("Location", "http://169.254.169.254/latest/meta-data/");
            ex.sendResponseHeaders(302, -1);
            ex.close();
        });
        server.start();
        base = "http://localhost:" + server.getAddress().getPort();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
        fx.close();
    }

    @Test
    void loopbackPrivateAndLinkLocalTargetsAreRefusedByDefault() {
        assertThat(fx.ok("""
                local r = http_request('GET', '%s/echo') print(r.ok, r.status_code, r.error_message:find('loopback') ~= nil)
                print(http_request('GET', 'http://169.254.169.254/latest/').ok, http_request('GET', 'http://10.1.2.3/').ok,
                      http_request('GET', 'http://192.168.1.1/').ok, http_request('GET', 'http://[::1]/').ok)
                print(http_request('GET', 'file:///etc/passwd').error_message)
                print(http_request('GET', 'http://user:pw@example.com/').error_message)
                """.formatted(base))).containsExactly("false\t0\ttrue", "false\tfalse\tfalse\tfalse",
                "only http and https URLs are allowed", "credentials in the URL are not allowed (send an Authorization header)");
    }

    @Test
    void allowedHostIsServedWithHeadersAndBodyAndRedirectsAreNotFollowed() {
        ScriptEngine allowed = fx.newEngineWithHttp("http-test", Set.of("localhost"));
        try {
            String name = EngineFixture.uniqueName();
            fx.save(name, """
                    local r = http_request('POST', '%s/echo', {['X-Token'] = 'abc'}, 'payload')
                    print(r.ok, r.status_code, r.body, r.headers['x-reply'], r.error_message)
                    local red = http_request('GET', '%s/redirect') print(red.status_code, red.headers['location'])
                    """.formatted(base, base));
            var run = allowed.awaitRun(allowed.run(name, null), java.time.Duration.ofSeconds(10)).orElseThrow();
            assertThat(run.outcome()).as(run.reason()).isEqualTo("ok");
            assertThat(EngineFixture.lines(run)).containsExactly("true\t201\tPOST abc payload\tyes\t",
                    "302\thttp://169.254.169.254/latest/meta-data/");
        } finally {
            allowed.close();
        }
    }

    @Test
    void theClientsOwnNameResolutionRefusesInternalAddresses() throws Exception {
        // the check that runs on the addresses the client connects to, so DNS rebinding after the URL check fails
        HttpGuard guard = new HttpGuard(false, Set.of("localhost"), java.time.Duration.ofSeconds(2), 1024);
        try {
            var refused = new java.util.concurrent.CompletableFuture<java.util.List<InetSocketAddress>>();
            guard.resolve("127.0.0.1", 80, java.util.Map.of(), org.eclipse.jetty.util.Promise.from(refused));
            assertThat(refused).failsWithin(java.time.Duration.ofSeconds(2))
                    .withThrowableThat().withMessageContaining("loopback/private/link-local");
            var allowed = new java.util.concurrent.CompletableFuture<java.util.List<InetSocketAddress>>();
            guard.resolve("localhost", 80, java.util.Map.of(), org.eclipse.jetty.util.Promise.from(allowed));
            assertThat(allowed.get(2, java.util.concurrent.TimeUnit.SECONDS)).isNotEmpty();
        } finally {
            guard.close();
        }
    }

    @Test
    void wrongArgumentTypesAreLuaErrors() {
        assertThat(fx.run("http_request('GET', 'http://example.com', 'not a table')").reason()).contains("table expected");
        assertThat(fx.run("http_request('BREW', 'http://example.com')").reason()).contains("unknown method");
    }
}
