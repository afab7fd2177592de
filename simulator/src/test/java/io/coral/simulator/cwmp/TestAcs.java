package io.coral.simulator.cwmp;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.coral.cwmp.Envelope;
import io.coral.cwmp.Inform;
import io.coral.cwmp.codec.CwmpCodec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A minimal ACS for tests, written without Coral's codec on the sending side: it answers with canned SOAP text,
 * hands queued RPC envelopes (raw XML) to the CPE after its empty POST, tracks sessions by cookie, and can demand
 * Basic or Digest authentication. It also serves files for Download and accepts Upload PUTs.
 */
final class TestAcs implements AutoCloseable {
    static final String NS = "urn:dslforum-org:cwmp-1-0";
    private static final Pattern ID = Pattern.compile("<cwmp:ID[^>]*>([^<]*)</cwmp:ID>");

    enum Auth { NONE, BASIC, DIGEST }

    private final HttpServer server;
    private final CwmpCodec codec = CwmpCodec.create();
    private final AtomicInteger sessionIds = new AtomicInteger();
    private final Map<String, String> sessions = new ConcurrentHashMap<>();
    private final Map<String, Queue<String>> queues = new ConcurrentHashMap<>();
    final BlockingQueue<Inform> informs = new LinkedBlockingQueue<>();
    final BlockingQueue<Envelope> cpeMessages = new LinkedBlockingQueue<>();
    final List<String> cookieViolations = new CopyOnWriteArrayList<>();
    final List<byte[]> uploads = new CopyOnWriteArrayList<>();
    final AtomicInteger unauthorized = new AtomicInteger();
    final AtomicInteger completedSessions = new AtomicInteger();
    volatile Auth auth = Auth.NONE;
    volatile boolean holdRequests;
    /** 0: answer Informs normally; otherwise the HTTP status to answer them with (200 = an unparsable body). */
    volatile int brokenInforms;
    volatile String user = "cpe";
    volatile String password = "secret";
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();

    TestAcs() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/acs", this::acs);
        server.createContext("/files/", this::files);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/acs";
    }

    String fileUrl(String name) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/files/" + name;
    }

    void serve(String name, byte[] content) {
        files.put(name, content);
    }

    /** Whether no session is open (every Inform so far was followed by the final empty exchange). */
    boolean idle() {
        return sessions.isEmpty();
    }

    /** Queues an RPC body (the XML inside soap:Body) for the CPE's next session. */
    void queue(String serial, String bodyXml) {
        queues.computeIfAbsent(serial, k -> new ConcurrentLinkedQueue<>()).add(bodyXml);
    }

    Inform nextInform() throws InterruptedException {
        Inform i = informs.poll(10, TimeUnit.SECONDS);
        if (i == null) {
            throw new AssertionError("no Inform within 10 s");
        }
        return i;
    }

    Envelope nextCpeMessage() throws InterruptedException {
        Envelope e = cpeMessages.poll(10, TimeUnit.SECONDS);
        if (e == null) {
            throw new AssertionError("no CPE message within 10 s");
        }
        return e;
    }

    static String envelope(String id, String body) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\""
                + " xmlns:soapenc=\"http://schemas.xmlsoap.org/soap/encoding/\""
                + " xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
                + " xmlns:cwmp=\"" + NS + "\">"
                + "<soapenv:Header><cwmp:ID soapenv:mustUnderstand=\"1\">" + id + "</cwmp:ID></soapenv:Header>"
                + "<soapenv:Body>" + body + "</soapenv:Body></soapenv:Envelope>";
    }

    private void acs(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            if (!authorized(ex)) {
                unauthorized.incrementAndGet();
                if (auth == Auth.BASIC) {
                    ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"test-acs\"");
                } else {
                    ex.getResponseHeaders().add("WWW-Authenticate",
                            "Digest realm=\"test-acs\", qop=\"auth\", nonce=\"n" + System.nanoTime() + "\", opaque=\"o1\"");
                }
                ex.sendResponseHeaders(401, -1);
                return;
            }
            String text = new String(body, StandardCharsets.UTF_8);
            String cookie = cookie(ex);
            if ((text.contains(":Inform>") || text.contains("<cwmp:Inform")) && brokenInforms != 0) {
                byte[] junk = "<soapenv:Envelope><unclosed>".getBytes(StandardCharsets.UTF_8);
                if (brokenInforms == 200) {
                    ex.sendResponseHeaders(200, junk.length);
                    ex.getResponseBody().write(junk);
                } else {
                    ex.sendResponseHeaders(brokenInforms, -1);
                }
                return;
            }
            if (text.contains(":Inform>") || text.contains("<cwmp:Inform")) {
                Envelope env = codec.decode(body);
                Inform inform = (Inform) env.body();
                String sid = "s" + sessionIds.incrementAndGet();
                sessions.put(sid, inform.deviceId().serialNumber());
                informs.add(inform);
                ex.getResponseHeaders().add("Set-Cookie", "acs-session=" + sid + "; Path=/; HttpOnly");
                String xml = envelope(id(text), "<cwmp:InformResponse><MaxEnvelopes>1</MaxEnvelopes></cwmp:InformResponse>");
                if (holdRequests) {
                    xml = xml.replace("</soapenv:Header>",
                            "<cwmp:HoldRequests soapenv:mustUnderstand=\"1\">1</cwmp:HoldRequests></soapenv:Header>");
                }
                reply(ex, xml);
                return;
            }
            String serial = cookie == null ? null : sessions.get(cookie);
            if (serial == null) {
                cookieViolations.add(text.isEmpty() ? "(empty POST)" : text);
                ex.sendResponseHeaders(400, -1);
                return;
            }
            if (!text.isBlank()) {
                Envelope env = codec.decode(body);
                cpeMessages.add(env);
                String method = env.body().methodName();
                if (method.equals("TransferComplete") || method.equals("DUStateChangeComplete")
                        || method.equals("AutonomousTransferComplete") || method.equals("RequestDownload")) {
                    reply(ex, envelope(id(text), "<cwmp:" + method + "Response/>"));
                    return;
                }
            }
            Queue<String> q = queues.get(serial);
            String next = q == null ? null : q.poll();
            if (next == null) {
                sessions.remove(cookie);
                completedSessions.incrementAndGet();
                ex.sendResponseHeaders(204, -1);
                return;
            }
            reply(ex, envelope("acs-" + System.nanoTime(), next));
        } catch (Exception e) {
            cookieViolations.add("ACS error: " + e);
            ex.sendResponseHeaders(500, -1);
        }
    }

    private void files(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] in = ex.getRequestBody().readAllBytes();
            String name = ex.getRequestURI().getPath().substring("/files/".length());
            if (ex.getRequestMethod().equals("PUT")) {
                uploads.add(in);
                ex.sendResponseHeaders(201, -1);
                return;
            }
            byte[] content = files.get(name);
            if (content == null) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            ex.sendResponseHeaders(200, content.length);
            ex.getResponseBody().write(content);
        }
    }

    private static String cookie(HttpExchange ex) {
        String h = ex.getRequestHeaders().getFirst("Cookie");
        if (h == null) {
            return null;
        }
        for (String part : h.split(";")) {
            String p = part.strip();
            if (p.startsWith("acs-session=")) {
                return p.substring("acs-session=".length());
            }
        }
        return null;
    }

    private boolean authorized(HttpExchange ex) {
        String h = ex.getRequestHeaders().getFirst("Authorization");
        return switch (auth) {
            case NONE -> true;
            case BASIC -> h != null && h.equals("Basic " + Base64.getEncoder().encodeToString(
                    (user + ":" + password).getBytes(StandardCharsets.UTF_8)));
            case DIGEST -> h != null && h.startsWith("Digest ") && digestOk(h, ex.getRequestMethod());
        };
    }

    /** RFC 7616 qop=auth check, written here independently of the simulator's implementation. */
    private boolean digestOk(String header, String method) {
        Map<String, String> p = new ConcurrentHashMap<>();
        Matcher m = Pattern.compile("(\\w+)=(?:\"([^\"]*)\"|([^,\\s]*))").matcher(header.substring(7));
        while (m.find()) {
            p.put(m.group(1), m.group(2) != null ? m.group(2) : m.group(3));
        }
        if (!user.equals(p.get("username")) || !"o1".equals(p.get("opaque"))) {
            return false;
        }
        String ha1 = md5(user + ":test-acs:" + password);
        String ha2 = md5(method + ":" + p.get("uri"));
        String expected = md5(ha1 + ":" + p.get("nonce") + ":" + p.get("nc") + ":" + p.get("cnonce") + ":auth:" + ha2);
        return expected.equals(p.get("response"));
    }

    static String md5(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String id(String text) {
        Matcher m = ID.matcher(text);
        return m.find() ? m.group(1) : "1";
    }

    private void reply(HttpExchange ex, String xml) throws IOException {
        byte[] b = xml.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "text/xml; charset=utf-8");
        ex.sendResponseHeaders(200, b.length);
        ex.getResponseBody().write(b);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
