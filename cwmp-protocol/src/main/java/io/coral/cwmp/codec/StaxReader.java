package io.coral.cwmp.codec;

import io.coral.cwmp.CwmpNamespace;
import io.coral.cwmp.codec.CwmpParseException.Reason;

import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.ByteArrayInputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The hardened streaming front-end. Reads a SOAP 1.1 envelope into {@link ParsedEnvelope}, or only checks it
 * ({@link #check}) before SAAJ sees it. Refuses any DOCTYPE (hence every entity but the five predefined ones),
 * and bounds depth and element count; the JDK's own StAX implementation is used whatever is on the classpath,
 * with DTD support and external entities switched off, so no file or network is ever read.
 */
final class StaxReader {

    /** The JDK implementation's switch that keeps a closed reader for the next document. */
    static final String REUSE_INSTANCE = "reuse-instance";

    private final Pool<XMLInputFactory> factories;
    private final int maxDepth;
    private final int maxElements;

    StaxReader(int maxDepth, int maxElements) {
        this.maxDepth = maxDepth;
        this.maxElements = maxElements;
        this.factories = new Pool<>(4 * Runtime.getRuntime().availableProcessors(), StaxReader::newFactory);
    }

    private static XMLInputFactory newFactory() {
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        // Not coalescing: a split text run is joined by the builder, and the parser does not buffer it twice.
        f.setProperty(XMLInputFactory.IS_COALESCING, false);
        f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setXMLResolver((publicId, systemId, baseUri, ns) -> {
            throw new XMLStreamException("external resource refused: " + systemId);
        });
        f.setProperty(REUSE_INSTANCE, Boolean.TRUE);
        return f;
    }

    ParsedEnvelope read(byte[] xml) throws CwmpParseException {
        return run(xml, true);
    }

    void check(byte[] xml) throws CwmpParseException {
        run(xml, false);
    }

    private ParsedEnvelope run(byte[] xml, boolean build) throws CwmpParseException {
        XMLInputFactory factory = factories.take();
        XMLStreamReader r = null;
        boolean clean = false;
        try {
            r = factory.createXMLStreamReader(new ByteArrayInputStream(xml));
            ParsedEnvelope parsed = walk(r, build);
            clean = true;
            return parsed;
        } catch (XMLStreamException e) {
            throw new CwmpParseException(Reason.MALFORMED, "not well-formed XML: " + message(e), e);
        } catch (RuntimeException e) {
            throw new CwmpParseException(Reason.MALFORMED, "unreadable XML: " + message(e), e);
        } finally {
            if (r != null) {
                try {
                    r.close();
                } catch (XMLStreamException e) {
                    clean = false;
                }
            }
            // A reader that failed mid-document is not reused: the next message gets a fresh one.
            if (clean) {
                factories.give(factory);
            }
        }
    }

    private ParsedEnvelope walk(XMLStreamReader r, boolean build) throws XMLStreamException, CwmpParseException {
        List<XmlNode> headers = new ArrayList<>();
        XmlNode body = null;
        String declaredCwmp = null;
        Deque<XmlNode.Builder> open = new ArrayDeque<>();
        int depth = 0;
        int elements = 0;
        int section = 0; // 1 header, 2 body
        boolean sawEnvelope = false;
        while (r.hasNext()) {
            int event = r.next();
            switch (event) {
                case XMLStreamConstants.DTD, XMLStreamConstants.ENTITY_DECLARATION,
                     XMLStreamConstants.NOTATION_DECLARATION ->
                        throw new CwmpParseException(Reason.FORBIDDEN, "DOCTYPE is not allowed in a SOAP message");
                case XMLStreamConstants.ENTITY_REFERENCE ->
                        throw new CwmpParseException(Reason.FORBIDDEN, "entity reference &" + r.getLocalName() + ";");
                case XMLStreamConstants.START_ELEMENT -> {
                    depth++;
                    elements++;
                    if (depth > maxDepth) {
                        throw new CwmpParseException(Reason.TOO_LARGE, "XML nested deeper than " + maxDepth);
                    }
                    if (elements > maxElements) {
                        throw new CwmpParseException(Reason.TOO_LARGE, "more than " + maxElements + " XML elements");
                    }
                    String ns = r.getNamespaceURI();
                    String name = r.getLocalName();
                    if (depth == 1) {
                        checkEnvelope(ns, name);
                        sawEnvelope = true;
                        for (int i = 0; i < r.getNamespaceCount(); i++) {
                            if (CwmpNamespace.fromUri(r.getNamespaceURI(i)) != null && declaredCwmp == null) {
                                declaredCwmp = r.getNamespaceURI(i);
                            }
                        }
                    } else if (depth == 2) {
                        if (!Xml.SOAP_ENV.equals(ns)) {
                            throw new CwmpParseException(Reason.WRONG_NAMESPACE,
                                    "Envelope child " + name + " is not in the SOAP 1.1 namespace");
                        }
                        section = switch (name) {
                            case "Header" -> 1;
                            case "Body" -> 2;
                            default -> 0;
                        };
                    } else if (build && section != 0) {
                        open.push(builder(r, ns, name));
                    }
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    if (build && depth >= 3 && !open.isEmpty() && open.size() == depth - 2) {
                        XmlNode node = open.pop().build();
                        if (!open.isEmpty()) {
                            open.peek().addChild(node);
                        } else if (section == 1) {
                            headers.add(node);
                        } else if (section == 2 && body == null) {
                            body = node; // only the first body element counts (MaxEnvelopes is 1)
                        }
                    }
                    if (depth == 2) {
                        section = 0;
                    }
                    depth--;
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                    if (build && !open.isEmpty()) {
                        XmlNode.Builder b = open.peek();
                        if (!b.hasChildren()) {
                            b.appendText(r.getTextCharacters(), r.getTextStart(), r.getTextLength());
                        }
                    }
                }
                default -> {
                    // comments, processing instructions, document start/end
                }
            }
        }
        if (!sawEnvelope) {
            throw new CwmpParseException(Reason.MALFORMED, "no SOAP Envelope");
        }
        return new ParsedEnvelope(headers, body, declaredCwmp);
    }

    static void checkEnvelope(String ns, String name) throws CwmpParseException {
        if (!"Envelope".equals(name)) {
            throw new CwmpParseException(Reason.MALFORMED, "root element is " + name + ", not a SOAP Envelope");
        }
        if (!Xml.SOAP_ENV.equals(ns)) {
            throw new CwmpParseException(Reason.WRONG_NAMESPACE, Xml.SOAP_12_ENV.equals(ns)
                    ? "SOAP 1.2 envelopes are not CWMP (SOAP 1.1 only)"
                    : "Envelope namespace is '" + ns + "', not SOAP 1.1");
        }
    }

    /** The element with its xsi:type and soapenc:arrayType (the first of each), in one pass over the attributes. */
    private static XmlNode.Builder builder(XMLStreamReader r, String ns, String name) {
        String xsiType = null;
        String arrayType = null;
        int n = r.getAttributeCount();
        for (int i = 0; i < n; i++) {
            String local = r.getAttributeLocalName(i);
            if (xsiType == null && "type".equals(local)) {
                String attrNs = r.getAttributeNamespace(i);
                if (attrNs != null && attrNs.endsWith("XMLSchema-instance")) {
                    xsiType = r.getAttributeValue(i);
                }
            } else if (arrayType == null && "arrayType".equals(local)) {
                arrayType = r.getAttributeValue(i);
            }
        }
        return new XmlNode.Builder(ns, name, xsiType, arrayType);
    }

    static String message(Throwable e) {
        String m = e.getMessage();
        if (m == null) {
            return e.getClass().getSimpleName();
        }
        // JDK messages start with "ParseError at [row,col]:[1,5]\nMessage: ..."; keep them on one line.
        return MessageReader.abbreviate(m.replace('\n', ' '));
    }
}
