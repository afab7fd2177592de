package io.coral.acs.session;

import io.coral.cwmp.AcsResponse;
import io.coral.cwmp.CpeRequest;
import io.coral.cwmp.CpeResponse;
import io.coral.cwmp.CwmpFault;
import io.coral.cwmp.CwmpMessage;
import io.coral.cwmp.CwmpNamespace;
import io.coral.cwmp.Envelope;
import io.coral.cwmp.Inform;
import io.coral.cwmp.InformResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One CWMP session as a state machine, without sockets: Inform → InformResponse, the CPE's requests each
 * answered, the CPE's empty POST, then the ACS's requests one at a time (answers matched by cwmp:ID), and an
 * empty reply (HTTP 204) to end. Replies go out in the namespace the CPE used.
 *
 * <p>HoldRequests: when asked to ({@code holdRequests} and tasks waiting), the InformResponse and every ACS
 * request carry HoldRequests=true, so the CPE's next POSTs are answers or empty; an empty POST then does not mean
 * the CPE is done, so after the ACS's last request the empty reply releases the hold and the session stays open
 * for the CPE's own requests until it sends an empty POST (or the session times out).
 *
 * <p>Not thread-safe by itself: {@link SessionRegistry} serialises the calls of one session.
 */
public final class CwmpSession {

    private static final Logger LOG = LoggerFactory.getLogger(CwmpSession.class);

    public enum State { CPE_TURN, ACS_TURN, AWAIT_ANSWER, ENDED }

    private final String id;
    private final Envelope informEnvelope;
    private final Inform inform;
    private final String remoteIp;
    private final String username;
    private final Instant started;
    private final Duration timeout;
    private final String useCwmpVersion;
    private final SessionPort port;
    private final boolean holdWanted;

    /** Volatile: other threads ask whether the session is still live ({@link SessionRegistry#bySn}). */
    private volatile State state = State.CPE_TURN;
    private Instant lastActivity;
    private Outgoing pending;
    private boolean cpeHeld;
    private boolean cpeDone;
    private int seq;
    private int requestsSent;
    private final java.util.Map<String, Object> attributes = new java.util.concurrent.ConcurrentHashMap<>();

    private CwmpSession(String id, Envelope informEnvelope, String remoteIp, String username, Instant now,
            Duration timeout, String useCwmpVersion, SessionPort port, boolean holdWanted) {
        this.id = id;
        this.informEnvelope = informEnvelope;
        this.inform = (Inform) informEnvelope.body();
        this.remoteIp = remoteIp;
        this.username = username;
        this.started = now;
        this.lastActivity = now;
        this.timeout = timeout;
        this.useCwmpVersion = useCwmpVersion;
        this.port = port;
        this.holdWanted = holdWanted;
    }

    /** The outcome of an Inform: a session with its InformResponse, or a fault and no session. */
    public record Opened(CwmpSession session, SessionReply reply) {}

    /**
     * Opens a session for an Inform envelope. Records the Inform through the port; a refusal there (store or bus
     * down) propagates so the transport can answer 503.
     *
     * @param holdRequests whether to ask the CPE to hold its requests while tasks are waiting
     */
    public static Opened open(String id, Envelope informEnvelope, String remoteIp, String username, Instant now,
            Duration defaultTimeout, boolean holdRequests, SessionPort port) {
        if (!(informEnvelope.body() instanceof Inform inform)) {
            throw new IllegalArgumentException("a session starts with an Inform");
        }
        if (inform.deviceId().serialNumber().isBlank()) {
            return new Opened(null, new SessionReply(fault(informEnvelope, CwmpFault.ACS_INVALID_ARGUMENTS,
                    "Inform without DeviceId/SerialNumber"), true));
        }
        String use = null;
        if (informEnvelope.supportedCwmpVersions() != null) {
            use = VersionNegotiation.choose(informEnvelope.supportedCwmpVersions());
            if (use == null) {
                return new Opened(null, new SessionReply(fault(informEnvelope, CwmpFault.ACS_VERSION_INCOMPATIBLE,
                        "no common CWMP version in " + informEnvelope.supportedCwmpVersions()), true));
            }
        }
        Duration timeout = defaultTimeout;
        Integer cpeTimeout = informEnvelope.sessionTimeout();
        if (cpeTimeout != null && cpeTimeout > 0) {
            // The CPE says how long it waits for us; wait at least as long for it, within sane bounds.
            timeout = Duration.ofSeconds(Math.max(defaultTimeout.toSeconds(), Math.min(cpeTimeout, 3600)));
        }
        CwmpSession s = new CwmpSession(id, informEnvelope, remoteIp, username, now, timeout, use, port, holdRequests);
        port.inform(s);
        boolean hold = holdRequests && port.hasTasks(s);
        s.cpeHeld = hold;
        Envelope reply = Envelope.of(informEnvelope.id(), s.namespace(), new InformResponse(1))
                .withHoldRequests(hold);
        if (use != null) {
            reply = reply.withUseCwmpVersion(use);
        }
        return new Opened(s, new SessionReply(reply, false));
    }

    /** Handles one POST of the session after the Inform; {@code raw} is its text (kept with CPE faults). */
    public SessionReply handle(Envelope in, String raw, Instant now) {
        if (state == State.ENDED) {
            return new SessionReply(fault(in, CwmpFault.ACS_REQUEST_DENIED, "session is over"), true);
        }
        lastActivity = now;
        if (in.isEmpty()) {
            if (pending != null) {
                Outgoing lost = pending;
                pending = null;
                port.abandoned(this, lost, "empty POST instead of an answer");
            }
            if (!cpeHeld) {
                cpeDone = true;
            }
            return next();
        }
        CwmpMessage body = in.body();
        if (body instanceof Inform) {
            return new SessionReply(fault(in, CwmpFault.ACS_INVALID_ARGUMENTS, "Inform inside a session"), false);
        }
        if (body instanceof CpeRequest request) {
            AcsResponse response;
            try {
                response = port.cpeRequest(this, request);
            } catch (Exception e) {
                LOG.warn("session {} ({}): cannot answer {}: {}", id, sn(), request.methodName(), e.toString());
                return new SessionReply(fault(in, CwmpFault.ACS_INTERNAL_ERROR, "cannot process "
                        + request.methodName()), false);
            }
            Envelope reply = Envelope.of(in.id(), namespace(), response).withHoldRequests(cpeHeld);
            return new SessionReply(reply, false);
        }
        if (body instanceof CpeResponse || body instanceof CwmpFault) {
            if (pending == null) {
                return new SessionReply(fault(in, CwmpFault.ACS_INVALID_ARGUMENTS,
                        "unexpected " + body.methodName() + ": no request outstanding"), false);
            }
            if (in.id() != null && !in.id().isEmpty() && !in.id().equals(pending.cwmpId())) {
                return new SessionReply(fault(in, CwmpFault.ACS_INVALID_ARGUMENTS,
                        "cwmp:ID " + in.id() + " does not match the outstanding request " + pending.cwmpId()), false);
            }
            if (!pending.answeredBy(body)) {
                return new SessionReply(fault(in, CwmpFault.ACS_INVALID_ARGUMENTS, body.methodName()
                        + " does not answer " + pending.request().methodName()), false);
            }
            Outgoing done = pending;
            pending = null;
            port.answered(this, done, body, raw);
            return next();
        }
        return new SessionReply(fault(in, CwmpFault.ACS_METHOD_NOT_SUPPORTED,
                body.methodName() + " is not something a CPE sends"), false);
    }

    private SessionReply next() {
        Optional<Outgoing> out = port.nextRequest(this);
        if (out.isPresent()) {
            seq++;
            requestsSent++;
            pending = out.get().withId(id + "." + seq);
            state = State.AWAIT_ANSWER;
            cpeHeld = holdWanted;
            Envelope env = Envelope.of(pending.cwmpId(), namespace(), pending.request()).withHoldRequests(cpeHeld);
            return new SessionReply(env, false);
        }
        // The empty reply says the ACS has no more requests and releases any hold.
        cpeHeld = false;
        if (cpeDone) {
            end("completed");
            return SessionReply.empty(true);
        }
        state = State.CPE_TURN;
        return SessionReply.empty(false);
    }

    /** Ends the session without a reply (timeout, replaced by a new Inform); an unanswered request is retried. */
    public void abort(String reason) {
        abort(reason, true);
    }

    /**
     * Ends the session without a reply. With {@code abandonPending} false (shutdown) an unanswered request is left
     * as it is in the store, to be requeued when this instance (or the stale-task sweep) comes back, without
     * counting as a failed attempt.
     */
    public void abort(String reason, boolean abandonPending) {
        if (state == State.ENDED) {
            return;
        }
        if (pending != null && abandonPending) {
            Outgoing lost = pending;
            pending = null;
            port.abandoned(this, lost, reason);
        }
        end(reason);
    }

    private void end(String reason) {
        state = State.ENDED;
        port.ended(this, reason);
    }

    private static Envelope fault(Envelope in, int code, String message) {
        CwmpNamespace ns = in.namespace() != null ? in.namespace() : CwmpNamespace.CWMP_1_0;
        return Envelope.of(in.id(), ns, new CwmpFault(code, message));
    }

    public boolean expired(Instant now) {
        return state != State.ENDED && lastActivity.plus(timeout).isBefore(now);
    }

    public String id() { return id; }
    public String sn() { return inform.deviceId().serialNumber(); }
    public Inform inform() { return inform; }
    public Envelope informEnvelope() { return informEnvelope; }
    public CwmpNamespace namespace() {
        return informEnvelope.namespace() != null ? informEnvelope.namespace() : CwmpNamespace.CWMP_1_0;
    }
    public String remoteIp() { return remoteIp; }
    public String username() { return username; }
    public Instant started() { return started; }
    public Instant lastActivity() { return lastActivity; }
    public Duration timeout() { return timeout; }
    public State state() { return state; }
    public boolean ended() { return state == State.ENDED; }
    public Outgoing pending() { return pending; }
    public int requestsSent() { return requestsSent; }
    /** The negotiated CWMP version ("1.4") when the CPE sent SupportedCWMPVersions, else null. */
    public String cwmpVersion() { return useCwmpVersion; }
    /** Scratch space for the service (e.g. whether the store lease is held). */
    public java.util.Map<String, Object> attributes() { return attributes; }
}
