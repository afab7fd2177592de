package io.coral.acs;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A CPE's connection-request endpoint (JDK HTTP server, its own Digest check): answers 401 with a Digest challenge,
 * then 200 to correct credentials and runs {@code onAccepted} (the CPE opening its session). Can answer 503 first.
 */
final class TestCrServer implements AutoCloseable {

    private static final Pattern PARAM = Pattern.compile("(\\w+)=(?:\"([^\"]*)\"|([^,\\s]*))");

    final HttpServer server;
    final String user;
    final String password;
    final List<String> authorizations = new CopyOnWriteArrayList<>();
    final AtomicInteger accepted = new AtomicInteger();
    final AtomicInteger busyLeft = new AtomicInteger();
    volatile Runnable onAccepted = () -> { };
    private final String nonce = UUID.randomUUID().toString().replace("-", "");

    TestCrServer(String user, String password) throws IOException {
        this.user = user;
        this.password = password;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/cr/" + user;
    }

    private void handle(HttpExchange ex) throws IOException {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        authorizations.add(auth == null ? "" : auth);
        if (!"GET".equals(ex.getRequestMethod())) {
            reply(ex, 405);
            return;
        }
        if (busyLeft.getAndDecrement() > 0) {
            reply(ex, 503);
            return;
        }
        if (auth == null || !valid(auth, ex.getRequestURI().toString())) {
            ex.getResponseHeaders().add("WWW-Authenticate", "Digest realm=\"cpe\", qop=\"auth\", nonce=\"" + nonce
                    + "\", opaque=\"5ccc069c\", algorithm=MD5");
            reply(ex, 401);
            return;
        }
        accepted.incrementAndGet();
        reply(ex, 200);
        Thread.ofVirtual().start(onAccepted);
    }

    private boolean valid(String header, String uri) {
        if (!header.startsWith("Digest ")) {
            return false;
        }
        Map<String, String> p = new java.util.HashMap<>();
        Matcher m = PARAM.matcher(header.substring(7));
        while (m.find()) {
            p.put(m.group(1), m.group(2) != null ? m.group(2) : m.group(3));
        }
        if (!user.equals(p.get("username")) || !nonce.equals(p.get("nonce")) || !uri.equals(p.get("uri"))
                || !"5ccc069c".equals(p.get("opaque"))) {
            return false;
        }
        String ha1 = md5(user + ":cpe:" + password);
        String ha2 = md5("GET:" + uri);
        String expected = md5(ha1 + ":" + nonce + ":" + p.get("nc") + ":" + p.get("cnonce") + ":auth:" + ha2);
        return expected.equals(p.get("response"));
    }

    static String md5(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void reply(HttpExchange ex, int status) throws IOException {
        ex.sendResponseHeaders(status, -1);
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
