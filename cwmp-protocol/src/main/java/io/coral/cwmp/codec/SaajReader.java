package io.coral.cwmp.codec;

import io.coral.cwmp.CwmpNamespace;
import io.coral.cwmp.codec.CwmpParseException.Reason;
import jakarta.xml.soap.MessageFactory;
import jakarta.xml.soap.MimeHeaders;
import jakarta.xml.soap.SOAPConstants;
import jakarta.xml.soap.SOAPEnvelope;
import jakarta.xml.soap.SOAPException;
import jakarta.xml.soap.SOAPHeader;
import jakarta.xml.soap.SOAPMessage;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The SAAJ front-end. Only ever given bytes that {@link StaxReader#check} accepted (no DOCTYPE, within the
 * limits), so SAAJ's own parser never meets an entity declaration.
 */
final class SaajReader {

    private final MessageFactory factory;

    SaajReader() {
        try {
            this.factory = MessageFactory.newInstance(SOAPConstants.SOAP_1_1_PROTOCOL);
        } catch (SOAPException e) {
            throw new IllegalStateException("SAAJ is not available", e);
        }
    }

    ParsedEnvelope read(byte[] xml) throws CwmpParseException {
        try {
            MimeHeaders mime = new MimeHeaders();
            mime.addHeader("Content-Type", "text/xml");
            SOAPMessage message = factory.createMessage(mime, new ByteArrayInputStream(xml));
            SOAPEnvelope envelope = message.getSOAPPart().getEnvelope();
            StaxReader.checkEnvelope(envelope.getNamespaceURI(), envelope.getLocalName());
            String declared = null;
            NamedNodeMap attrs = envelope.getAttributes();
            for (int i = 0; i < attrs.getLength() && declared == null; i++) {
                Attr a = (Attr) attrs.item(i);
                if (CwmpNamespace.fromUri(a.getValue()) != null
                        && (a.getName().startsWith("xmlns:") || a.getName().equals("xmlns"))) {
                    declared = a.getValue().trim();
                }
            }
            List<XmlNode> headers = new ArrayList<>();
            SOAPHeader header = envelope.getHeader();
            if (header != null) {
                for (Element e : elements(header)) {
                    headers.add(node(e));
                }
            }
            XmlNode body = null;
            if (envelope.getBody() != null) {
                List<Element> children = elements(envelope.getBody());
                body = children.isEmpty() ? null : node(children.get(0));
            }
            return new ParsedEnvelope(headers, body, declared);
        } catch (SOAPException | java.io.IOException e) {
            throw new CwmpParseException(Reason.MALFORMED, "not a SOAP 1.1 envelope: " + StaxReader.message(e), e);
        } catch (RuntimeException e) {
            throw new CwmpParseException(Reason.MALFORMED, "unreadable SOAP envelope: " + StaxReader.message(e), e);
        }
    }

    private static XmlNode node(Element e) {
        List<XmlNode> children = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            switch (n.getNodeType()) {
                case Node.ELEMENT_NODE -> children.add(node((Element) n));
                case Node.TEXT_NODE, Node.CDATA_SECTION_NODE -> text.append(n.getNodeValue());
                default -> {
                    // comments and processing instructions carry nothing
                }
            }
        }
        String xsiType = null;
        String arrayType = null;
        NamedNodeMap attrs = e.getAttributes();
        for (int i = 0; i < attrs.getLength(); i++) {
            Attr a = (Attr) attrs.item(i);
            String local = a.getLocalName() != null ? a.getLocalName() : a.getName();
            String ns = a.getNamespaceURI();
            if ("type".equals(local) && ns != null && ns.endsWith("XMLSchema-instance")) {
                xsiType = a.getValue();
            } else if ("arrayType".equals(local)) {
                arrayType = a.getValue();
            }
        }
        return new XmlNode(e.getNamespaceURI(), e.getLocalName() != null ? e.getLocalName() : e.getTagName(),
                children.isEmpty() ? text.toString() : "", xsiType, arrayType, List.copyOf(children));
    }

    private static List<Element> elements(Element parent) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeType() == Node.ELEMENT_NODE) {
                out.add((Element) n);
            }
        }
        return out;
    }
}
