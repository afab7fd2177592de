package io.coral.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coral.controller.testing.MosquittoFixture;
import io.coral.controller.testing.TestAgent;
import io.coral.store.DeviceStatus;
import io.coral.usp.UspRequests;
import io.coral.usp.proto.UspMsg14.Header.MsgType;
import io.coral.usp.proto.UspMsg14.Msg;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A Mosquitto that only takes TLS and passwords (its own self-signed certificate, no anonymous
 * clients): the controller and an agent connect with credentials over {@code ssl://}, and a wrong
 * password keeps the controller out.
 */
class TlsMosquittoIT {
    static Process broker;
    static String url;
    static SSLSocketFactory tls;

    @BeforeAll
    static void startBroker() throws Exception {
        Path dir = Files.createTempDirectory("coral-mosquitto-tls");
        run(dir, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", "key.pem", "-out", "cert.pem");
        run(dir, "mosquitto_passwd", "-b", "-c", "passwords", "controller", "ctl-secret");
        run(dir, "mosquitto_passwd", "-b", "passwords", "agent", "agent-secret");
        // mosquitto started as root drops to its own user, which must be able to read these files
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (String f : List.of("cert.pem", "key.pem", "passwords")) {
            Files.setPosixFilePermissions(dir.resolve(f), PosixFilePermissions.fromString("rw-r--r--"));
        }
        int port = MosquittoFixture.freePort();
        Files.writeString(dir.resolve("mosquitto.conf"), String.join("\n",
                "listener " + port + " 127.0.0.1",
                "certfile " + dir.resolve("cert.pem"),
                "keyfile " + dir.resolve("key.pem"),
                "password_file " + dir.resolve("passwords"),
                "allow_anonymous false",
                "persistence false",
                ""));
        broker = new ProcessBuilder("mosquitto", "-c", dir.resolve("mosquitto.conf").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
        await().atMost(Duration.ofSeconds(10)).until(() -> listening(port));
        url = "ssl://127.0.0.1:" + port;
        tls = trusting(dir.resolve("cert.pem"));
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.destroy();
        }
    }

    @Test
    void controllerAndAgentTalkOverTlsWithPasswords() throws Exception {
        try (Harness h = new Harness()) {
            UspController c = h.start(h.controller(url, MqttVersion.V5).username("controller").password("ctl-secret").tls(tls)
                    .bootSubscription(false));
            assertThat(c.isConnected()).isTrue();
            String eid = "os::00256D-tls-" + System.nanoTime();
            try (TestAgent agent = new TestAgent(url, eid, Harness.CONTROLLER_ID, c.config().controllerTopic(), true)
                    .secure(tls, "agent", "agent-secret")) {
                agent.connect();
                await().atMost(Duration.ofSeconds(10)).until(() -> h.store.devices().find(eid)
                        .map(d -> d.usp().status() == DeviceStatus.ONLINE).orElse(false));
                Msg m = c.send(eid, UspRequests.get("Device.DeviceInfo.ModelName").build()).get(10, TimeUnit.SECONDS);
                assertThat(m.getHeader().getMsgType()).isEqualTo(MsgType.GET_RESP);
            }
        }
    }

    @Test
    void aWrongPasswordKeepsTheControllerOut() {
        try (Harness h = new Harness()) {
            UspController c;
            try {
                c = h.start(h.controller(url, MqttVersion.V5).username("controller").password("wrong").tls(tls)
                        .connectWait(Duration.ofSeconds(2)).bootSubscription(false));
            } catch (RuntimeException refused) {
                assertThat(refused).hasMessageContaining("127.0.0.1");
                return;
            }
            assertThat(c.isConnected()).isFalse();
        }
    }

    private static SSLSocketFactory trusting(Path certPem) throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        try (InputStream in = Files.newInputStream(certPem)) {
            ks.setCertificateEntry("broker", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx.getSocketFactory();
    }

    private static void run(Path dir, String... cmd) throws Exception {
        Process p = new ProcessBuilder(List.of(cmd)).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd) + ": " + out).isZero();
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
