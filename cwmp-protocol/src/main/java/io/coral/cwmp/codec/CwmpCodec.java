package io.coral.cwmp.codec;

import io.coral.cwmp.AcsRequest;
import io.coral.cwmp.CwmpMessage;
import io.coral.cwmp.CwmpNamespace;
import io.coral.cwmp.Envelope;
import io.coral.cwmp.codec.CwmpParseException.Reason;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * CWMP envelopes ⇄ {@link Envelope} records. Thread-safe and reusable: make one and share it.
 *
 * <ul>
 *   <li>{@link #decode(byte[])}: the general path, through SAAJ after a hardened streaming check;</li>
 *   <li>{@link #decodeStreaming(byte[])}: the same result from one StAX pass, several times faster (the ACS's
 *       Inform hot path);</li>
 *   <li>{@link #encode(Envelope)}: SAAJ; written in the envelope's namespace (cwmp-1-0 when none);</li>
 *   <li>{@link #encodeStreaming(Envelope)}: the same XML from a StAX writer, several times faster;</li>
 *   <li>{@link #parseScriptEnvelope(String)}: a whole envelope from a script, reduced to its request.</li>
 * </ul>
 * Bad input always ends in a {@link CwmpParseException}, never in another exception, and never reads a file or
 * the network. Blank input (the empty POST) decodes to {@link Envelope#EMPTY}, which encodes to zero bytes.
 */
public final class CwmpCodec {

    /** Switch to TRACE to log every envelope in and out (the wire trace). */
    private static final Logger WIRE = LoggerFactory.getLogger("io.coral.cwmp.wire");

    public static final int DEFAULT_MAX_BYTES = 4 * 1024 * 1024;
    public static final int DEFAULT_MAX_DEPTH = 64;
    public static final int DEFAULT_MAX_ELEMENTS = 200_000;

    private final int maxBytes;
    private final StaxReader stax;
    private final SaajReader saajReader = new SaajReader();
    private final SaajWriter saajWriter = new SaajWriter();
    private final StaxWriter staxWriter = new StaxWriter();
    private final ReplyTemplates templates = new ReplyTemplates(this::writeStreaming);

    private CwmpCodec(Builder b) {
        this.maxBytes = b.maxBytes;
        this.stax = new StaxReader(b.maxDepth, b.maxElements);
    }

    /** A codec with the default limits (4 MB, depth 64, 200,000 elements). */
    public static CwmpCodec create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public int maxBytes() {
        return maxBytes;
    }

    /** Decodes through SAAJ. */
    public Envelope decode(byte[] xml) throws CwmpParseException {
        byte[] doc = prepare(xml);
        if (doc == null) {
            return Envelope.EMPTY;
        }
        trace("in", doc);
        stax.check(doc);
        return assemble(saajReader.read(doc));
    }

    /**
     * Reads at most the size limit from the stream (rejecting more without reading it all), then
     * {@link #decode(byte[])}. The stream is read to its end but not closed.
     */
    public Envelope decode(InputStream in) throws CwmpParseException {
        return decode(readBounded(in));
    }

    /** Decodes in one streaming pass; same result as {@link #decode(byte[])}. */
    public Envelope decodeStreaming(byte[] xml) throws CwmpParseException {
        byte[] doc = prepare(xml);
        if (doc == null) {
            return Envelope.EMPTY;
        }
        trace("in", doc);
        return assemble(stax.read(doc));
    }

    public Envelope decodeStreaming(InputStream in) throws CwmpParseException {
        return decodeStreaming(readBounded(in));
    }

    /** The wire form; {@link Envelope#EMPTY} (no body, no ID) is zero bytes. */
    public byte[] encode(Envelope envelope) {
        if (envelope.isEmpty() && envelope.id() == null) {
            return new byte[0];
        }
        String ns = namespaceOf(envelope);
        XmlNode body = envelope.body() == null ? null : MessageWriter.write(envelope.body(), ns);
        return trace("out", saajWriter.write(envelope, ns, body));
    }

    /** The same envelope as {@link #encode(Envelope)}, written in one streaming pass (several times faster). */
    public byte[] encodeStreaming(Envelope envelope) {
        if (envelope.isEmpty() && envelope.id() == null) {
            return new byte[0];
        }
        byte[] templated = templates.encode(envelope);
        return trace("out", templated != null ? templated : writeStreaming(envelope));
    }

    private byte[] writeStreaming(Envelope envelope) {
        String ns = namespaceOf(envelope);
        XmlNode body = envelope.body() == null ? null : MessageWriter.write(envelope.body(), ns);
        return staxWriter.write(envelope, ns, body);
    }

    private static byte[] trace(String direction, byte[] xml) {
        if (WIRE.isTraceEnabled()) {
            WIRE.trace("{} {}", direction, new String(xml, StandardCharsets.UTF_8));
        }
        return xml;
    }

    private static String namespaceOf(Envelope envelope) {
        return (envelope.namespace() == null ? CwmpNamespace.CWMP_1_0 : envelope.namespace()).uri();
    }

    /**
     * A whole SOAP envelope written by a script (any cwmp namespace, any cwmp:ID or none), reduced to the request
     * it carries so the ACS can send it with its session's own ID and namespace.
     */
    public AcsRequest parseScriptEnvelope(String xml) throws CwmpParseException {
        if (xml == null || xml.isBlank()) {
            throw new CwmpParseException(Reason.INVALID_ARGUMENT, "empty CWMP message");
        }
        Envelope e = decode(xml.getBytes(StandardCharsets.UTF_8));
        if (e.body() instanceof AcsRequest request) {
            return request;
        }
        throw new CwmpParseException(Reason.INVALID_ARGUMENT, e.isEmpty()
                ? "the envelope has no body"
                : e.body().methodName() + " is not a request an ACS sends to a CPE");
    }

    private byte[] readBounded(InputStream in) throws CwmpParseException {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
            byte[] buf = new byte[8192];
            int total = 0;
            int n;
            while ((n = in.read(buf)) > 0) {
                total += n;
                if (total > maxBytes) {
                    throw new CwmpParseException(Reason.TOO_LARGE, "message larger than " + maxBytes + " bytes");
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new CwmpParseException(Reason.MALFORMED, "could not read the message: " + e.getMessage(), e);
        }
    }

    /** Size check, UTF-8 BOM and leading whitespace removed; null when nothing is left. */
    private byte[] prepare(byte[] xml) throws CwmpParseException {
        if (xml == null) {
            return null;
        }
        if (xml.length > maxBytes) {
            throw new CwmpParseException(Reason.TOO_LARGE, "message larger than " + maxBytes + " bytes");
        }
        int start = 0;
        if (xml.length >= 3 && (xml[0] & 0xff) == 0xEF && (xml[1] & 0xff) == 0xBB && (xml[2] & 0xff) == 0xBF) {
            start = 3;
        }
        while (start < xml.length && isSpace(xml[start])) {
            start++;
        }
        if (start == xml.length) {
            return null;
        }
        return start == 0 ? xml : Arrays.copyOfRange(xml, start, xml.length);
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }

    private static Envelope assemble(ParsedEnvelope parsed) throws CwmpParseException {
        String id = null;
        String idNs = null;
        boolean hold = false;
        Integer sessionTimeout = null;
        String supported = null;
        String use = null;
        boolean noMore = false;
        for (XmlNode h : parsed.headers()) {
            String text = h.text().trim();
            switch (h.name()) {
                case "ID" -> {
                    id = text;
                    idNs = h.ns();
                }
                case "HoldRequests" -> hold = text.equals("1") || text.equalsIgnoreCase("true");
                case "SessionTimeout" -> sessionTimeout = headerInt(text);
                case "SupportedCWMPVersions" -> supported = text;
                case "UseCWMPVersion" -> use = text;
                case "NoMoreRequests" -> noMore = text.equals("1") || text.equalsIgnoreCase("true");
                default -> {
                    // other headers (vendor extensions) are ignored
                }
            }
        }
        XmlNode body = parsed.body();
        CwmpMessage message = null;
        String bodyNs = null;
        if (body != null) {
            if (Xml.SOAP_ENV.equals(body.ns()) && body.name().equals("Fault")) {
                XmlNode detail = body.child("detail") != null ? body.child("detail") : body.child("Detail");
                XmlNode cwmpFault = detail == null ? null : detail.child("Fault");
                bodyNs = cwmpFault == null ? "" : cwmpFault.ns();
            } else {
                bodyNs = body.ns();
            }
            if (!bodyNs.isEmpty() && CwmpNamespace.fromUri(bodyNs) == null) {
                throw new CwmpParseException(Reason.WRONG_NAMESPACE, CwmpNamespace.looksLikeCwmp(bodyNs)
                        ? "unsupported cwmp version " + bodyNs
                        : body.name() + " is in namespace '" + bodyNs + "', not a cwmp one");
            }
            message = MessageReader.read(body);
        }
        CwmpNamespace ns = firstCwmp(bodyNs, idNs, parsed.declaredCwmpNs());
        if (ns == null) {
            ns = CwmpNamespace.CWMP_1_0;
        }
        return new Envelope(id, ns, message, hold, sessionTimeout, supported, use, noMore);
    }

    private static CwmpNamespace firstCwmp(String... candidates) {
        for (String c : candidates) {
            CwmpNamespace ns = CwmpNamespace.fromUri(c);
            if (ns != null) {
                return ns;
            }
        }
        return null;
    }

    private static Integer headerInt(String text) throws CwmpParseException {
        try {
            return Integer.valueOf(text);
        } catch (NumberFormatException e) {
            throw new CwmpParseException(Reason.INVALID_ARGUMENT, "SessionTimeout is not a number: "
                    + MessageReader.abbreviate(text));
        }
    }

    /** Limits; defaults are filled in {@link #build()}. */
    public static final class Builder {
        private int maxBytes = DEFAULT_MAX_BYTES;
        private int maxDepth = DEFAULT_MAX_DEPTH;
        private int maxElements = DEFAULT_MAX_ELEMENTS;

        private Builder() {
        }

        /** Largest accepted message in bytes (default 4 MB). */
        public Builder maxBytes(int bytes) {
            this.maxBytes = positive(bytes, "maxBytes");
            return this;
        }

        /** Deepest accepted element nesting (default 64). */
        public Builder maxDepth(int depth) {
            this.maxDepth = positive(depth, "maxDepth");
            return this;
        }

        /** Most elements in one message (default 200,000). */
        public Builder maxElements(int elements) {
            this.maxElements = positive(elements, "maxElements");
            return this;
        }

        public CwmpCodec build() {
            return new CwmpCodec(this);
        }

        private static int positive(int v, String name) {
            if (v <= 0) {
                throw new IllegalArgumentException(name + " must be positive: " + v);
            }
            return v;
        }
    }
}
