package io.coral.script;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Checks a script's raw SOAP envelope just enough to refuse garbage before it reaches the ACS: well-formed
 * XML without DOCTYPE, an Envelope with a Body whose first element is the RPC the message type names.
 * The ACS parses it for real and re-issues it with its own cwmp:ID.
 */
final class CwmpXml {
    static final String[] TYPES = {
        "GetParameterValues", "SetParameterValues", "AddObject", "DeleteObject", "GetParameterNames"};
    private static final int MAX_BYTES = 1 << 20;

    private CwmpXml() {}

    static String rpcOfType(int type) {
        return type >= 0 && type < TYPES.length ? TYPES[type] : null;
    }

    /** Null when acceptable, otherwise why not. */
    static String validate(String xml, String expectedRpc) {
        byte[] bytes = xml.strip().getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_BYTES) {
            return "SOAP envelope larger than " + MAX_BYTES + " bytes";
        }
        Element root;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setExpandEntityReferences(false);
            f.setXIncludeAware(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            root = b.parse(new ByteArrayInputStream(bytes)).getDocumentElement();
        } catch (Exception e) {
            return "malformed SOAP envelope: " + e.getMessage();
        }
        if (!"Envelope".equals(root.getLocalName())) {
            return "not a SOAP envelope (root element " + root.getLocalName() + ")";
        }
        Element body = child(root, "Body");
        if (body == null) {
            return "SOAP envelope has no Body";
        }
        Element rpc = firstElement(body);
        if (rpc == null) {
            return "SOAP Body is empty";
        }
        if (expectedRpc != null && !expectedRpc.equals(rpc.getLocalName())) {
            return "message type names " + expectedRpc + " but the Body holds " + rpc.getLocalName();
        }
        return null;
    }

    private static Element child(Element parent, String localName) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && localName.equals(e.getLocalName())) {
                return e;
            }
        }
        return null;
    }

    private static Element firstElement(Element parent) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                return e;
            }
        }
        return null;
    }
}
