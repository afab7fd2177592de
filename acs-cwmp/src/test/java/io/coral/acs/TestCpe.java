package io.coral.acs;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * A scripted CPE over real HTTP (java.net.http, not Coral's codec): posts canned envelopes from the test
 * resources and reads the ACS's answers with plain regular expressions.
 */
final class TestCpe {

    private static final Pattern ID = Pattern.compile("<(?:[\\w-]+:)?ID\\b[^>]*>([^<]*)</(?:[\\w-]+:)?ID>");
    private static final Pattern BODY_CHILD = Pattern.compile("<(?:[\\w-]+:)?Body\\b[^>]*>\\s*<(?:([\\w-]+):)?([\\w]+)");

    final URI acs;
    final Dialect dialect;
    final String sn;
    final HttpClient http;
    String crUrl = "http://127.0.0.1:9/cr";
    String interval = "300";
    String softwareVersion = "1.0.0";
    String authorization;
    private int seq;

    TestCpe(URI acs, Dialect dialect, String sn, boolean cookies) {
        this.acs = acs;
        this.dialect = dialect;
        this.sn = sn;
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5));
        if (cookies) {
            b.cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL));
        }
        this.http = b.build();
    }

    /** The ACS's answer to one POST. */
    record Reply(int status, String body, HttpHeaders headers) {
        boolean empty() {
            return body.isEmpty();
        }

        /** The local name of the first element in the SOAP Body ("InformResponse", "GetParameterValues", "Fault"). */
        String method() {
            Matcher m = BODY_CHILD.matcher(body);
            return m.find() ? m.group(2) : null;
        }

        String id() {
            Matcher m = ID.matcher(body);
            return m.find() ? m.group(1) : null;
        }

        String element(String localName) {
            Matcher m = Pattern.compile("<(?:[\\w-]+:)?" + localName + "\\b[^>]*>([^<]*)</").matcher(body);
            return m.find() ? m.group(1) : null;
        }

        String setCookie() {
            return headers.firstValue("set-cookie").orElse(null);
        }
    }

    static String resource(String path) {
        try (InputStream in = TestCpe.class.getResourceAsStream("/envelopes/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource envelopes/" + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String informXml(String... events) {
        StringBuilder ev = new StringBuilder();
        for (String e : events) {
            String code = e;
            String key = "";
            int bar = e.indexOf('|');
            if (bar >= 0) {
                code = e.substring(0, bar);
                key = e.substring(bar + 1);
            }
            ev.append("<EventStruct><EventCode>").append(code).append("</EventCode><CommandKey>").append(key)
                    .append("</CommandKey></EventStruct>");
        }
        Map<String, String> vars = new HashMap<>();
        vars.put("ID", "inform-" + (++seq));
        vars.put("SN", sn);
        vars.put("EVENTS", ev.toString());
        vars.put("N_EVENTS", Integer.toString(events.length));
        vars.put("CR_URL", crUrl);
        vars.put("INTERVAL", interval);
        vars.put("SW", softwareVersion);
        return fill(resource(dialect.dir + "/inform.xml"), vars);
    }

    /** An envelope in this dialect around a canned body from {@code bodies/}. */
    String envelope(String id, String bodyName, Map<String, String> vars) {
        Map<String, String> v = new HashMap<>(vars);
        v.putIfAbsent("ROOT", dialect.root);
        v.put("ENV", dialect.env);
        v.put("ENC", dialect.enc);
        v.put("XSD", dialect.xsd);
        String body = fill(resource("bodies/" + bodyName + ".xml"), v);
        return fill(resource(dialect.dir + "/envelope.xml"), Map.of("ID", id, "BODY", body));
    }

    static String fill(String template, Map<String, String> vars) {
        String out = template;
        for (Map.Entry<String, String> e : vars.entrySet()) {
            out = out.replace("${" + e.getKey() + "}", e.getValue());
        }
        return out;
    }

    Reply inform(String... events) {
        return post(informXml(events));
    }

    Reply emptyPost() {
        return post(new byte[0], Map.of());
    }

    /** Answers the ACS request in {@code acsRequest} with a canned body, echoing its cwmp:ID. */
    Reply respond(Reply acsRequest, String bodyName) {
        return respond(acsRequest, bodyName, Map.of());
    }

    Reply respond(Reply acsRequest, String bodyName, Map<String, String> vars) {
        return post(envelope(acsRequest.id(), bodyName, vars));
    }

    /** Sends a CPE request (TransferComplete, Kicked …) with its own cwmp:ID. */
    Reply request(String bodyName, Map<String, String> vars) {
        return post(envelope("cpe-" + (++seq), bodyName, vars));
    }

    Reply post(String xml) {
        return post(xml.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    Reply post(byte[] body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(acs).timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (body.length > 0) {
            b.header("Content-Type", "text/xml; charset=utf-8").header("SOAPAction", "");
        }
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        headers.forEach(b::header);
        return send(b.build());
    }

    /** Posts with Transfer-Encoding: chunked (no Content-Length). */
    Reply postChunked(String xml) {
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        HttpRequest req = HttpRequest.newBuilder(acs).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "text/xml; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))).build();
        return send(req);
    }

    Reply postGzip(String xml) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(xml.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return post(out.toByteArray(), Map.of("Content-Encoding", "gzip"));
    }

    Reply send(HttpRequest req) {
        try {
            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body(), r.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
