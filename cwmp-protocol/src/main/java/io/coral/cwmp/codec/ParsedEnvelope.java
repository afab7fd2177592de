package io.coral.cwmp.codec;

import java.util.List;

/**
 * What a front-end read: the header entries, the first body element (null for an empty Body) and the cwmp
 * namespace declared on the Envelope element, if any (a fallback for namespace-less bodies).
 */
record ParsedEnvelope(List<XmlNode> headers, XmlNode body, String declaredCwmpNs) {
}
