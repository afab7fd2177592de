package io.coral.simulator.cwmp;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP listener for the connection requests of a whole fleet: {@code GET /<serial>} with Digest
 * authentication against that CPE's ConnectionRequestUsername/Password. Nonces are stateless (time + HMAC), so
 * ten thousand devices cost nothing here until the ACS calls.
 */
final class ConnectionRequestServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ConnectionRequestServer.class);
    static final String REALM = "Coral simulated CPE";
    private static final long NONCE_TTL_MS = 5 * 60_000;

    private final HttpServer server;
    private final Function<String, CwmpCpe> cpes;
    private final byte[] secret = HttpAuth.randomBytes(32);

    ConnectionRequestServer(String host, int port, Function<String, CwmpCpe> cpes, ExecutorService executor)
            throws IOException {
        this.cpes = cpes;
        this.server = HttpServer.create(new InetSocketAddress(host, port), 1024);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex; InputStream in = ex.getRequestBody()) {
            in.readAllBytes();
            String path = ex.getRequestURI().getPath();
            String serial = path.length() > 1 ? path.substring(1) : "";
            CwmpCpe cpe = cpes.apply(serial);
            if (cpe == null) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("POST")) {
                ex.sendResponseHeaders(405, -1);
                return;
            }
            String root = cpe.model().model().root() + "ManagementServer.";
            String user = cpe.model().getOr(root + "ConnectionRequestUsername", "");
            String pass = cpe.model().getOr(root + "ConnectionRequestPassword", "");
            if (!user.isEmpty() && !authorized(ex, user, pass)) {
                ex.getResponseHeaders().add("WWW-Authenticate", "Digest realm=\"" + REALM + "\", qop=\"auth\", nonce=\""
                        + nonce(System.currentTimeMillis()) + "\", algorithm=MD5");
                ex.sendResponseHeaders(401, -1);
                return;
            }
            ex.sendResponseHeaders(200, -1);
            cpe.connectionRequest();
        } catch (RuntimeException e) {
            log.warn("connection request failed: {}", e.toString(), e);
        }
    }

    private boolean authorized(HttpExchange ex, String user, String pass) {
        String h = ex.getRequestHeaders().getFirst("Authorization");
        if (h == null || !HttpAuth.scheme(h).equals("digest")) {
            return false;
        }
        Map<String, String> a = HttpAuth.params(h);
        if (!REALM.equals(a.get("realm")) || !validNonce(a.getOrDefault("nonce", ""))) {
            return false;
        }
        return HttpAuth.verifyDigest(a, ex.getRequestMethod(), user, pass);
    }

    private String nonce(long time) {
        String t = Long.toString(time);
        return Base64.getUrlEncoder().withoutPadding().encodeToString((t + ":" + mac(t)).getBytes(StandardCharsets.US_ASCII));
    }

    private boolean validNonce(String nonce) {
        try {
            String s = new String(Base64.getUrlDecoder().decode(nonce), StandardCharsets.US_ASCII);
            int colon = s.indexOf(':');
            String t = s.substring(0, colon);
            long age = System.currentTimeMillis() - Long.parseLong(t);
            return age >= 0 && age < NONCE_TTL_MS && mac(t).equals(s.substring(colon + 1));
        } catch (RuntimeException e) {
            return false;
        }
    }

    private String mac(String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(data.getBytes(StandardCharsets.US_ASCII)), 0, 16);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
