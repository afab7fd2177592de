package io.coral.acs.http;

import io.coral.acs.auth.CpeAuthenticator;
import io.coral.acs.session.CwmpSession;
import io.coral.acs.session.SessionPort;
import io.coral.acs.session.SessionRegistry;
import io.coral.acs.session.SessionReply;
import io.coral.cwmp.CwmpFault;
import io.coral.cwmp.CwmpNamespace;
import io.coral.cwmp.Envelope;
import io.coral.cwmp.Inform;
import io.coral.cwmp.codec.CwmpCodec;
import io.coral.cwmp.codec.CwmpParseException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CWMP endpoint: one POST per envelope. Finds the session (cookie, else the connection), authenticates the
 * Inform that opens a session, bounds body size and live sessions, and turns every failure into a proper HTTP
 * status or SOAP fault, never a stack trace.
 */
public final class CwmpHandler extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger(CwmpHandler.class);
    /** Switch on (TRACE) to log every envelope in and out. */
    private static final Logger WIRE = LoggerFactory.getLogger("io.coral.acs.wire");
    public static final String COOKIE = "CoralSession";
    private static final String CONNECTION_SESSION = "io.coral.acs.session";
    private static final String XML = "text/xml; charset=utf-8";

    /** Settings taken from the ACS configuration. */
    public record Settings(long maxBodyBytes, int maxSessions, int retryAfterSeconds, Duration sessionTimeout,
            boolean holdRequests) {}

    private final CwmpCodec codec;
    private final SessionRegistry registry;
    private final SessionPort port;
    private final CpeAuthenticator authenticator;
    private final Settings settings;
    private final Clock clock;

    public CwmpHandler(CwmpCodec codec, SessionRegistry registry, SessionPort port, CpeAuthenticator authenticator,
            Settings settings, Clock clock) {
        super(InvocationType.BLOCKING);
        this.codec = codec;
        this.registry = registry;
        this.port = port;
        this.authenticator = authenticator;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        try {
            serve(request, response, callback);
        } catch (Throwable t) {
            LOG.error("request from {} failed", Request.getRemoteAddr(request), t);
            if (!response.isCommitted()) {
                plain(response, callback, HttpStatus.INTERNAL_SERVER_ERROR_500, "internal error");
            } else {
                callback.failed(t);
            }
        }
        return true;
    }

    private void serve(Request request, Response response, Callback callback) throws Exception {
        if (!"POST".equals(request.getMethod())) {
            response.getHeaders().put(HttpHeader.ALLOW, "POST");
            plain(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, "CWMP endpoint: POST SOAP envelopes here");
            return;
        }
        String remoteIp = Request.getRemoteAddr(request);
        byte[] body;
        try {
            body = BodyReader.read(request, settings.maxBodyBytes());
        } catch (BodyReader.TooLarge e) {
            LOG.warn("{}: {}", remoteIp, e.getMessage());
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
            plain(response, callback, HttpStatus.PAYLOAD_TOO_LARGE_413, "request body too large");
            return;
        } catch (BodyReader.BadEncoding e) {
            LOG.warn("{}: {}", remoteIp, e.getMessage());
            plain(response, callback, HttpStatus.BAD_REQUEST_400, e.getMessage());
            return;
        }
        if (WIRE.isTraceEnabled()) {
            WIRE.trace("<< {} {}", remoteIp, new String(body, StandardCharsets.UTF_8));
        }

        Envelope in;
        try {
            in = codec.decodeStreaming(body);
        } catch (CwmpParseException e) {
            CwmpSession session = findSession(request);
            LOG.warn("{}: unreadable CWMP message ({}): {}", remoteIp, e.reason(), e.getMessage());
            int status = e.reason() == CwmpParseException.Reason.TOO_LARGE ? HttpStatus.PAYLOAD_TOO_LARGE_413
                    : e.reason() == CwmpParseException.Reason.INTERNAL ? HttpStatus.INTERNAL_SERVER_ERROR_500
                    : HttpStatus.BAD_REQUEST_400;
            CwmpNamespace ns = session != null ? session.namespace() : CwmpNamespace.CWMP_1_0;
            writeEnvelope(response, callback, status, Envelope.of(null, ns,
                    new CwmpFault(e.acsFaultCode(), e.getMessage())));
            return;
        }

        if (in.body() instanceof Inform) {
            openSession(request, response, callback, in, remoteIp);
            return;
        }
        CwmpSession session = findSession(request);
        if (session == null) {
            if (in.isEmpty()) {
                // No session to continue: nothing to do for this CPE.
                response.setStatus(HttpStatus.NO_CONTENT_204);
                callback.succeeded();
                return;
            }
            CwmpNamespace ns = in.namespace() != null ? in.namespace() : CwmpNamespace.CWMP_1_0;
            writeEnvelope(response, callback, HttpStatus.BAD_REQUEST_400, Envelope.of(in.id(), ns,
                    new CwmpFault(CwmpFault.ACS_INVALID_ARGUMENTS, "no session: a session starts with an Inform")));
            return;
        }
        SessionReply reply;
        synchronized (session) {
            // The raw text is only kept with CPE faults (raw_response); don't copy every body.
            String raw = in.body() instanceof CwmpFault ? new String(body, StandardCharsets.UTF_8) : null;
            reply = session.handle(in, raw, clock.instant());
        }
        write(request, response, callback, reply);
    }

    private void openSession(Request request, Response response, Callback callback, Envelope in, String remoteIp) {
        String uri = request.getHttpURI().getPathQuery();
        CpeAuthenticator.Result auth = authenticator.authenticate("POST", uri,
                request.getHeaders().get(HttpHeader.AUTHORIZATION), remoteIp);
        if (!auth.ok()) {
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, auth.challenge());
            plain(response, callback, HttpStatus.UNAUTHORIZED_401, "authentication required");
            return;
        }
        String sn = ((Inform) in.body()).deviceId().serialNumber();
        if (registry.size() >= settings.maxSessions() && !registry.hasSession(sn)) {
            busy(response, callback, "too many sessions");
            return;
        }
        CwmpSession.Opened opened;
        try {
            opened = CwmpSession.open(registry.newId(), in, remoteIp, auth.username(), clock.instant(),
                    settings.sessionTimeout(), settings.holdRequests(), port);
        } catch (RuntimeException e) {
            LOG.warn("cannot record the Inform of {} from {}: {}", sn, remoteIp, e.toString());
            busy(response, callback, "cannot record the Inform now");
            return;
        }
        CwmpSession s = opened.session();
        if (s == null) {
            LOG.warn("{}: Inform refused: {}", remoteIp, ((CwmpFault) opened.reply().envelope().body()).faultString());
            write(request, response, callback, opened.reply());
            return;
        }
        registry.add(s);
        Response.addCookie(response, HttpCookie.build(COOKIE, s.id()).path("/").httpOnly(true).build());
        request.getConnectionMetaData().setAttribute(CONNECTION_SESSION, s.id());
        write(request, response, callback, opened.reply());
    }

    /** The session named by the cookie; without a cookie, the one opened on this connection. */
    private CwmpSession findSession(Request request) {
        List<HttpCookie> cookies = Request.getCookies(request);
        for (HttpCookie c : cookies) {
            if (COOKIE.equals(c.getName())) {
                // A stale cookie finds nothing: an ended session is never continued.
                return registry.get(c.getValue());
            }
        }
        Object id = request.getConnectionMetaData().getAttribute(CONNECTION_SESSION);
        return id instanceof String s ? registry.get(s) : null;
    }

    private void write(Request request, Response response, Callback callback, SessionReply reply) {
        if (reply.ended()) {
            request.getConnectionMetaData().removeAttribute(CONNECTION_SESSION);
        }
        if (reply.isEmpty()) {
            // No expiring Set-Cookie when a session ends: the next session opens with an Inform, which never
            // continues a session, and an ended session's id finds nothing (formatting Expires costs on every session).
            response.setStatus(HttpStatus.NO_CONTENT_204);
            if (WIRE.isTraceEnabled()) {
                WIRE.trace(">> 204");
            }
            callback.succeeded();
            return;
        }
        int status = HttpStatus.OK_200;
        if (reply.envelope().body() instanceof CwmpFault f) {
            status = "Client".equals(f.soapFaultCode()) ? HttpStatus.BAD_REQUEST_400
                    : HttpStatus.INTERNAL_SERVER_ERROR_500;
        }
        writeEnvelope(response, callback, status, reply.envelope());
    }

    private void writeEnvelope(Response response, Callback callback, int status, Envelope envelope) {
        byte[] bytes = codec.encodeStreaming(envelope);
        if (WIRE.isTraceEnabled()) {
            WIRE.trace(">> {} {}", status, new String(bytes, StandardCharsets.UTF_8));
        }
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, XML);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }

    private void busy(Response response, Callback callback, String why) {
        response.getHeaders().put(HttpHeader.RETRY_AFTER, Integer.toString(settings.retryAfterSeconds()));
        plain(response, callback, HttpStatus.SERVICE_UNAVAILABLE_503, why);
    }

    private static void plain(Response response, Callback callback, int status, String message) {
        byte[] bytes = (message + "\n").getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }
}
