package io.coral.cwmp.codec;

/** Namespace URIs and the prefixes Coral writes. */
final class Xml {
    static final String SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/";
    static final String SOAP_ENC = "http://schemas.xmlsoap.org/soap/encoding/";
    static final String XSD = "http://www.w3.org/2001/XMLSchema";
    static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";
    static final String SOAP_12_ENV = "http://www.w3.org/2003/05/soap-envelope";

    static final String ENV_PREFIX = "SOAP-ENV";
    static final String ENC_PREFIX = "SOAP-ENC";
    static final String CWMP_PREFIX = "cwmp";

    private Xml() {
    }
}
