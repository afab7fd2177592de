package io.coral.simulator.usp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * An MQTT broker for tests: CORAL_TEST_MQTT_URL if set, else one listening on 127.0.0.1:1883, else a
 * {@code mosquitto} of our own on a free loopback port (TCP_NODELAY on, anonymous).
 */
final class MosquittoFixture implements AutoCloseable {
    private final String url;
    private final Process process;

    private MosquittoFixture(String url, Process process) {
        this.url = url;
        this.process = process;
    }

    static MosquittoFixture start() throws IOException, InterruptedException {
        String env = System.getenv("CORAL_TEST_MQTT_URL");
        if (env != null && !env.isBlank()) {
            return new MosquittoFixture(env, null);
        }
        if (listening(1883)) {
            return new MosquittoFixture("tcp://127.0.0.1:1883", null);
        }
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path conf = Files.createTempFile("mosquitto-sim", ".conf");
        Files.writeString(conf, "listener " + port + " 127.0.0.1\nallow_anonymous true\nset_tcp_nodelay true\n"
                + "max_inflight_messages 0\nmax_queued_messages 10000\n");
        Process p = new ProcessBuilder("mosquitto", "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                    .until(() -> !p.isAlive() || listening(port));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            p.destroyForcibly();
            throw new IOException("mosquitto did not start on port " + port, e);
        }
        if (!p.isAlive()) {
            throw new IOException("mosquitto exited at start (port " + port + ")");
        }
        return new MosquittoFixture("tcp://127.0.0.1:" + port, p);
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    String url() {
        return url;
    }

    @Override
    public void close() {
        if (process != null) {
            process.destroy();
        }
    }
}
