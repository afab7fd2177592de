package io.coral.cwmp;

/**
 * One SOAP envelope of a CWMP session: the cwmp:ID header, the namespace it was (or is to be) written in,
 * the other cwmp headers, and the body message.
 *
 * <p>An empty HTTP body (the CPE's "no more requests" POST, the ACS's final reply) is {@link #EMPTY}: body
 * null, {@link #isEmpty()} true. {@code supportedCwmpVersions} ("1.0,1.1,1.2,1.3,1.4", CPE→ACS in an Inform) and
 * {@code useCwmpVersion} ("1.4", ACS→CPE) are the CWMP 1.4 negotiation headers, null when absent;
 * {@code sessionTimeout} (seconds, CWMP 1.3+) is null when absent. {@code noMoreRequests} is deprecated and only
 * parsed.
 */
public record Envelope(String id, CwmpNamespace namespace, CwmpMessage body, boolean holdRequests,
                       Integer sessionTimeout, String supportedCwmpVersions, String useCwmpVersion,
                       boolean noMoreRequests) {

    /** The empty body (no SOAP envelope at all). */
    public static final Envelope EMPTY = new Envelope(null, null, null, false, null, null, null, false);

    public static Envelope of(String id, CwmpNamespace namespace, CwmpMessage body) {
        return new Envelope(id, namespace, body, false, null, null, null, false);
    }

    public boolean isEmpty() {
        return body == null;
    }

    public Envelope withId(String newId) {
        return new Envelope(newId, namespace, body, holdRequests, sessionTimeout, supportedCwmpVersions,
                useCwmpVersion, noMoreRequests);
    }

    public Envelope withNamespace(CwmpNamespace ns) {
        return new Envelope(id, ns, body, holdRequests, sessionTimeout, supportedCwmpVersions, useCwmpVersion,
                noMoreRequests);
    }

    public Envelope withHoldRequests(boolean hold) {
        return new Envelope(id, namespace, body, hold, sessionTimeout, supportedCwmpVersions, useCwmpVersion,
                noMoreRequests);
    }

    public Envelope withSessionTimeout(Integer seconds) {
        return new Envelope(id, namespace, body, holdRequests, seconds, supportedCwmpVersions, useCwmpVersion,
                noMoreRequests);
    }

    public Envelope withSupportedCwmpVersions(String versions) {
        return new Envelope(id, namespace, body, holdRequests, sessionTimeout, versions, useCwmpVersion,
                noMoreRequests);
    }

    public Envelope withUseCwmpVersion(String version) {
        return new Envelope(id, namespace, body, holdRequests, sessionTimeout, supportedCwmpVersions, version,
                noMoreRequests);
    }

    /** A reply to this envelope: same cwmp:ID and namespace, the given body. */
    public Envelope reply(CwmpMessage replyBody) {
        return of(id, namespace, replyBody);
    }
}
