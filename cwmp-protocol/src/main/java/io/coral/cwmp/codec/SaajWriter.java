package io.coral.cwmp.codec;

import io.coral.cwmp.Envelope;
import jakarta.xml.soap.Detail;
import jakarta.xml.soap.MessageFactory;
import jakarta.xml.soap.SOAPBody;
import jakarta.xml.soap.SOAPConstants;
import jakarta.xml.soap.SOAPElement;
import jakarta.xml.soap.SOAPEnvelope;
import jakarta.xml.soap.SOAPException;
import jakarta.xml.soap.SOAPFault;
import jakarta.xml.soap.SOAPHeader;
import jakarta.xml.soap.SOAPHeaderElement;
import jakarta.xml.soap.SOAPMessage;

import javax.xml.namespace.QName;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** Writes an envelope with SAAJ: SOAP-ENV/SOAP-ENC/xsd/xsi/cwmp prefixes declared on the Envelope element. */
final class SaajWriter {

    private final MessageFactory factory;

    SaajWriter() {
        try {
            this.factory = MessageFactory.newInstance(SOAPConstants.SOAP_1_1_PROTOCOL);
        } catch (SOAPException e) {
            throw new IllegalStateException("SAAJ is not available", e);
        }
    }

    byte[] write(Envelope envelope, String cwmpNs, XmlNode body) {
        try {
            SOAPMessage message = factory.createMessage();
            message.setProperty(SOAPMessage.WRITE_XML_DECLARATION, "true");
            message.setProperty(SOAPMessage.CHARACTER_SET_ENCODING, "UTF-8");
            SOAPEnvelope env = message.getSOAPPart().getEnvelope();
            env.addNamespaceDeclaration(Xml.ENC_PREFIX, Xml.SOAP_ENC);
            env.addNamespaceDeclaration("xsd", Xml.XSD);
            env.addNamespaceDeclaration("xsi", Xml.XSI);
            env.addNamespaceDeclaration(Xml.CWMP_PREFIX, cwmpNs);
            SOAPHeader header = env.getHeader();
            List<HeaderEntry> entries = HeaderEntry.of(envelope);
            for (HeaderEntry h : entries) {
                SOAPHeaderElement he = header.addHeaderElement(new QName(cwmpNs, h.name(), Xml.CWMP_PREFIX));
                he.setMustUnderstand(h.mustUnderstand());
                he.addTextNode(h.text());
            }
            if (entries.isEmpty()) {
                header.detachNode();
            }
            SOAPBody soapBody = env.getBody();
            if (body != null) {
                if (Xml.SOAP_ENV.equals(body.ns()) && "Fault".equals(body.name())) {
                    writeFault(soapBody, body);
                } else {
                    append(soapBody, body, cwmpNs);
                }
            }
            message.saveChanges();
            ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
            message.writeTo(out);
            return out.toByteArray();
        } catch (SOAPException e) {
            throw new IllegalStateException("SAAJ could not write " + body, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeFault(SOAPBody soapBody, XmlNode fault) throws SOAPException {
        String code = MessageReader.local(fault.child("faultcode").text());
        SOAPFault f = soapBody.addFault(new QName(Xml.SOAP_ENV, code, Xml.ENV_PREFIX),
                fault.child("faultstring").text());
        Detail detail = f.addDetail();
        for (XmlNode c : fault.child("detail").children()) {
            append(detail, c, c.ns());
        }
    }

    private static void append(SOAPElement parent, XmlNode n, String cwmpNs) throws SOAPException {
        SOAPElement el = n.ns().isEmpty()
                ? parent.addChildElement(new QName(n.name()))
                : parent.addChildElement(new QName(n.ns(), n.name(), n.ns().equals(cwmpNs) ? Xml.CWMP_PREFIX : "ns"));
        if (n.xsiType() != null) {
            el.addAttribute(new QName(Xml.XSI, "type", "xsi"), n.xsiType());
        }
        if (n.arrayType() != null) {
            el.addAttribute(new QName(Xml.SOAP_ENC, "arrayType", Xml.ENC_PREFIX), n.arrayType());
        }
        if (!n.text().isEmpty()) {
            el.addTextNode(n.text());
        }
        for (XmlNode c : n.children()) {
            append(el, c, cwmpNs);
        }
    }
}
