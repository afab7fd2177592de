package io.coral.cwmp.codec;

import io.coral.cwmp.Envelope;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes the same envelope as {@link SaajWriter} in one streaming pass (same prefixes, same elements), for the
 * per-session hot paths of the ACS and the simulator.
 */
final class StaxWriter {

    private static final byte[] DECLARATION =
            "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>".getBytes(StandardCharsets.US_ASCII);

    private final XMLOutputFactory factory = XMLOutputFactory.newDefaultFactory();

    byte[] write(Envelope envelope, String cwmpNs, XmlNode body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        out.writeBytes(DECLARATION);
        try {
            XMLStreamWriter w = factory.createXMLStreamWriter(out, "UTF-8");
            w.writeStartElement(Xml.ENV_PREFIX, "Envelope", Xml.SOAP_ENV);
            w.writeNamespace(Xml.ENV_PREFIX, Xml.SOAP_ENV);
            // the order SAAJ writes them in, so both writers give the same bytes
            w.writeNamespace(Xml.ENC_PREFIX, Xml.SOAP_ENC);
            w.writeNamespace(Xml.CWMP_PREFIX, cwmpNs);
            w.writeNamespace("xsd", Xml.XSD);
            w.writeNamespace("xsi", Xml.XSI);
            var headers = HeaderEntry.of(envelope);
            if (!headers.isEmpty()) {
                w.writeStartElement(Xml.ENV_PREFIX, "Header", Xml.SOAP_ENV);
                for (HeaderEntry h : headers) {
                    w.writeStartElement(Xml.CWMP_PREFIX, h.name(), cwmpNs);
                    w.writeAttribute(Xml.ENV_PREFIX, Xml.SOAP_ENV, "mustUnderstand", h.mustUnderstand() ? "1" : "0");
                    text(w, h.text());
                    w.writeEndElement();
                }
                w.writeEndElement();
            }
            if (body == null) {
                w.writeEmptyElement(Xml.ENV_PREFIX, "Body", Xml.SOAP_ENV);
            } else {
                w.writeStartElement(Xml.ENV_PREFIX, "Body", Xml.SOAP_ENV);
                element(w, body, cwmpNs);
                w.writeEndElement();
            }
            w.writeEndElement();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("could not write " + body, e);
        }
        return out.toByteArray();
    }

    /** Character data; a carriage return is written as {@code &#13;} so that a parser gives it back. */
    private static void text(XMLStreamWriter w, String text) throws XMLStreamException {
        int start = 0;
        int cr;
        while ((cr = text.indexOf('\r', start)) >= 0) {
            w.writeCharacters(text.substring(start, cr));
            w.writeEntityRef("#13");
            start = cr + 1;
        }
        w.writeCharacters(start == 0 ? text : text.substring(start));
    }

    private static void element(XMLStreamWriter w, XmlNode n, String cwmpNs) throws XMLStreamException {
        boolean empty = n.children().isEmpty() && n.text().isEmpty();
        if (n.ns().isEmpty()) {
            if (empty) {
                w.writeEmptyElement(n.name());
            } else {
                w.writeStartElement(n.name());
            }
        } else {
            String prefix = n.ns().equals(Xml.SOAP_ENV) ? Xml.ENV_PREFIX : Xml.CWMP_PREFIX;
            if (empty) {
                w.writeEmptyElement(prefix, n.name(), n.ns());
            } else {
                w.writeStartElement(prefix, n.name(), n.ns());
            }
        }
        if (n.xsiType() != null) {
            w.writeAttribute("xsi", Xml.XSI, "type", n.xsiType());
        }
        if (n.arrayType() != null) {
            w.writeAttribute(Xml.ENC_PREFIX, Xml.SOAP_ENC, "arrayType", n.arrayType());
        }
        if (empty) {
            return;
        }
        if (!n.text().isEmpty()) {
            text(w, n.text());
        }
        for (XmlNode c : n.children()) {
            element(w, c, cwmpNs);
        }
        w.writeEndElement();
    }
}
