package io.coral.acs.session;

import io.coral.cwmp.AcsResponse;
import io.coral.cwmp.CpeRequest;
import io.coral.cwmp.CwmpMessage;
import java.util.Optional;

/** What a {@link CwmpSession} needs from the service around it (store, bus, tasks); no sockets. */
public interface SessionPort {

    /** Records the Inform (device, parameters, events). A throw refuses the session. */
    void inform(CwmpSession session);

    /** Whether the device has tasks waiting (decides HoldRequests when that is configured). */
    boolean hasTasks(CwmpSession session);

    /** Answers a CPE request other than Inform (TransferComplete, GetRPCMethods, Kicked …). */
    AcsResponse cpeRequest(CwmpSession session, CpeRequest request) throws Exception;

    /** Claims the device's next task as a request to send, or empty when there is none (or none this session may run). */
    Optional<Outgoing> nextRequest(CwmpSession session);

    /** The CPE answered {@code sent} with a response or a fault; {@code raw} is the envelope's text. */
    void answered(CwmpSession session, Outgoing sent, CwmpMessage answer, String raw);

    /** {@code sent} got no answer (the session ended, timed out, or the CPE moved on). */
    void abandoned(CwmpSession session, Outgoing sent, String reason);

    /** The session is over (after its last reply, on timeout, or replaced by a new Inform). */
    void ended(CwmpSession session, String reason);
}
