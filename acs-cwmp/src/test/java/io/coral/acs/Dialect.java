package io.coral.acs;

/** The three CPE dialects the canned envelopes are written in. */
enum Dialect {
    /** CWMP 1.0, TR-098 (InternetGatewayDevice.), SOAP-ENV/SOAP-ENC prefixes, pretty-printed. */
    CWMP10("cwmp10", "InternetGatewayDevice.", "SOAP-ENV", "SOAP-ENC", "xsd", "urn:dslforum-org:cwmp-1-0"),
    /** CWMP 1.2, TR-181 (Device.), soap/soapenc prefixes, one line, some values without xsi:type. */
    CWMP12("cwmp12", "Device.", "soap", "soapenc", "xsd", "urn:dslforum-org:cwmp-1-2"),
    /** CWMP 1.4 in the cwmp-1-2 namespace with SupportedCWMPVersions and SessionTimeout headers. */
    CWMP14("cwmp14", "Device.", "s", "e", "xs", "urn:dslforum-org:cwmp-1-2");

    final String dir;
    final String root;
    final String env;
    final String enc;
    final String xsd;
    final String namespace;

    Dialect(String dir, String root, String env, String enc, String xsd, String namespace) {
        this.dir = dir;
        this.root = root;
        this.env = env;
        this.enc = enc;
        this.xsd = xsd;
        this.namespace = namespace;
    }
}
