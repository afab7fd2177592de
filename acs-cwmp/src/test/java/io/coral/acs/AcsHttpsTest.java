package io.coral.acs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS from a keystore, with Basic authentication (what TR-069 allows over TLS). */
class AcsHttpsTest {

    @TempDir
    Path dir;

    @Test
    void sessionOverTlsWithBasicAuth() throws Exception {
        Path ks = dir.resolve("acs.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "acs", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-ext", "san=ip:127.0.0.1", "-validity", "2", "-keystore", ks.toString(), "-storepass", "changeit",
                "-storetype", "PKCS12").redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes())).isZero();

        try (AcsHarness h = AcsHarness.start(b -> b.keystore(ks, "changeit").authMode(AuthMode.BASIC)
                .credentials("cpe", "tls-pass"))) {
            assertThat(h.acs.url()).startsWith("https://");
            KeyStore trust = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(ks)) {
                trust.load(in, "changeit".toCharArray());
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            HttpClient http = HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5))
                    .cookieHandler(new java.net.CookieManager()).build();
            TestCpe cpe = new TestCpe(URI.create(h.acs.url()), Dialect.CWMP12, "TLS-1", false);
            String auth = "Basic " + Base64.getEncoder().encodeToString("cpe:tls-pass".getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(h.acs.url()))
                    .header("Authorization", auth).POST(HttpRequest.BodyPublishers.ofString(cpe.informXml("1 BOOT")))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("InformResponse");
            HttpResponse<String> end = http.send(HttpRequest.newBuilder(URI.create(h.acs.url()))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(end.statusCode()).isEqualTo(204);
            assertThat(h.store.devices().find("TLS-1")).isPresent();
        }
    }
}
