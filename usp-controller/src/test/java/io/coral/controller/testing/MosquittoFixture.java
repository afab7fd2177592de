package io.coral.controller.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * An MQTT broker for tests: {@code CORAL_TEST_MQTT_URL} when set; else a Mosquitto already listening on
 * 127.0.0.1:1883; else a {@code mosquitto} started once per JVM on a free loopback port with a temporary
 * config (TCP_NODELAY, no persistence, deep queues), stopped when the JVM exits.
 */
public final class MosquittoFixture {
    private static String url;
    private static Process process;

    private MosquittoFixture() {}

    /** {@code tcp://host:port} of the broker to use. */
    public static synchronized String url() {
        if (url != null) {
            return url;
        }
        String env = System.getenv("CORAL_TEST_MQTT_URL");
        if (env != null && !env.isBlank()) {
            url = env.trim();
        } else if (listening(1883)) {
            url = "tcp://127.0.0.1:1883";
        } else {
            url = start();
        }
        return url;
    }

    /** True when this fixture started its own broker (which it can then stop and restart). */
    public static synchronized boolean ownsBroker() {
        return process != null;
    }

    private static String start() {
        try {
            int port = freePort();
            Path dir = Files.createTempDirectory("coral-mosquitto");
            Path conf = dir.resolve("mosquitto.conf");
            Files.writeString(conf, String.join("\n",
                    "listener " + port + " 127.0.0.1",
                    "allow_anonymous true",
                    "set_tcp_nodelay true",
                    "persistence false",
                    "max_inflight_messages 100",
                    "max_queued_messages 100000",
                    "log_dest stderr",
                    "log_type error",
                    ""));
            ProcessBuilder pb = new ProcessBuilder("mosquitto", "-c", conf.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("mosquitto.log").toFile());
            process = pb.start();
            Process p = process;
            Runtime.getRuntime().addShutdownHook(new Thread(p::destroy));
            Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
            while (!listening(port)) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("mosquitto exited: " + Files.readString(dir.resolve("mosquitto.log")));
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("mosquitto did not listen on " + port + " within 10 s");
                }
                Thread.onSpinWait();
                p.waitFor(20, java.util.concurrent.TimeUnit.MILLISECONDS);
            }
            return "tcp://127.0.0.1:" + port;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start mosquitto (apt-get install mosquitto)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
