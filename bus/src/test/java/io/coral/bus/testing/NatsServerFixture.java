package io.coral.bus.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real {@code nats-server} with JetStream for tests, on loopback.
 *
 * <ul>
 *   <li>{@link #start()}: an own server ({@code nats-server -js -a 127.0.0.1 -p -1 -sd <temp dir>}); it
 *       can be {@link #stop() stopped} and {@link #restart() restarted} on the same port and store dir.</li>
 *   <li>{@link #shared()}: when a shared server is fine: {@code CORAL_TEST_NATS_URL} if set, else a server
 *       with JetStream already listening on 127.0.0.1:4222, else one own server per JVM (stopped at exit). A shared
 *       fixture refuses stop/restart; tests that restart the server must use {@link #start()}.</li>
 * </ul>
 * The binary is {@code $CORAL_NATS_SERVER}, or {@code nats-server} on the PATH or in /usr/sbin, /usr/local/bin.
 */
public final class NatsServerFixture implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("Listening for client connections on [^:]+:(\\d+)");
    private static final long READY_TIMEOUT_MS = 15_000;
    private static NatsServerFixture sharedOwn;

    private final boolean owned;
    private final Path storeDir;
    private final List<String> log = java.util.Collections.synchronizedList(new ArrayList<>());
    private volatile Process process;
    private int port;
    private final String externalUrl;

    private NatsServerFixture(boolean owned, Path storeDir, String externalUrl) {
        this.owned = owned;
        this.storeDir = storeDir;
        this.externalUrl = externalUrl;
    }

    /** Starts an own server on a free loopback port with a fresh store directory. */
    public static NatsServerFixture start() {
        try {
            NatsServerFixture f = new NatsServerFixture(true, Files.createTempDirectory("coral-nats-"), null);
            f.launch(-1);
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A server tests may share (never stop or restart it). */
    public static synchronized NatsServerFixture shared() {
        String env = System.getenv("CORAL_TEST_NATS_URL");
        if (env != null && !env.isBlank()) {
            return new NatsServerFixture(false, null, env.trim());
        }
        if (listening("127.0.0.1", 4222) && jetStreamAt("nats://127.0.0.1:4222")) {
            return new NatsServerFixture(false, null, "nats://127.0.0.1:4222");
        }
        if (sharedOwn == null || sharedOwn.process == null) {
            NatsServerFixture own = start();
            Runtime.getRuntime().addShutdownHook(new Thread(own::destroy, "nats-fixture-shutdown"));
            sharedOwn = new NatsServerFixture(false, null, own.url());
            sharedOwn.process = own.process;
        }
        return sharedOwn;
    }

    public String url() {
        return externalUrl != null ? externalUrl : "nats://127.0.0.1:" + port;
    }

    public int port() {
        return externalUrl != null ? URI.create(externalUrl).getPort() : port;
    }

    /** True when this fixture started the server itself and may stop or restart it. */
    public boolean owned() {
        return owned;
    }

    public boolean running() {
        Process p = process;
        return externalUrl != null || (p != null && p.isAlive());
    }

    /** Stops the server (SIGTERM, as an operator would) and waits until it has exited. */
    public synchronized void stop() {
        requireOwned("stop");
        Process p = process;
        if (p == null) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Starts the server again on the same port and store directory. */
    public synchronized void restart() {
        requireOwned("restart");
        if (process != null) {
            stop();
        }
        launch(port);
    }

    /** What the server logged (for failure messages). */
    public List<String> log() {
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    @Override
    public void close() {
        if (owned) {
            destroy();
        }
    }

    private void destroy() {
        Process p = process;
        if (p != null) {
            p.destroy();
            try {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
        if (storeDir != null) {
            try (Stream<Path> files = Files.walk(storeDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException ignored) {
                // a temp dir left behind is harmless
            }
        }
    }

    private void launch(int requestedPort) {
        List<String> cmd = List.of(binary(), "-js", "-a", "127.0.0.1", "-p", Integer.toString(requestedPort),
                "-sd", storeDir.toString());
        CompletableFuture<Integer> bound = new CompletableFuture<>();
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + cmd + ": " + e.getMessage(), e);
        }
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    log.add(line);
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        bound.complete(Integer.parseInt(m.group(1)));
                    }
                    if (line.contains("Server is ready")) {
                        ready.complete(null);
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
            bound.completeExceptionally(new IllegalStateException("nats-server exited"));
            ready.completeExceptionally(new IllegalStateException("nats-server exited"));
        }, "nats-fixture-log");
        reader.setDaemon(true);
        reader.start();
        try {
            int actual = bound.get(READY_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            ready.get(READY_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            port = actual;
            process = p;
        } catch (Exception e) {
            p.destroyForcibly();
            throw new IllegalStateException("nats-server did not become ready: " + e.getMessage() + "\n" + String.join("\n", log()), e);
        }
        long deadline = System.currentTimeMillis() + READY_TIMEOUT_MS;
        while (!listening("127.0.0.1", port)) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("nats-server not accepting on port " + port);
            }
            Thread.onSpinWait();
        }
    }

    private void requireOwned(String what) {
        if (!owned) {
            throw new IllegalStateException("cannot " + what + " a shared nats-server; use NatsServerFixture.start()");
        }
    }

    private static boolean listening(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 300);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A server on 4222 without JetStream (started without -js) is of no use to the bus: start an own one. */
    private static boolean jetStreamAt(String url) {
        try (io.nats.client.Connection nc = io.nats.client.Nats.connect(new io.nats.client.Options.Builder()
                .server(url).connectionTimeout(java.time.Duration.ofSeconds(2)).noReconnect().build())) {
            return nc.getServerInfo().isJetStreamAvailable();
        } catch (Exception e) {
            return false;
        }
    }

    private static String binary() {
        String env = System.getenv("CORAL_NATS_SERVER");
        if (env != null && !env.isBlank()) {
            return env;
        }
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)));
        dirs.addAll(List.of("/usr/sbin", "/usr/local/bin", "/usr/bin", "/usr/local/sbin"));
        for (String d : dirs) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, "nats-server"))) {
                return Path.of(d, "nats-server").toString();
            }
        }
        return "nats-server";
    }
}
