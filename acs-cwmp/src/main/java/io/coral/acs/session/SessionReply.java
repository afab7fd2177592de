package io.coral.acs.session;

import io.coral.cwmp.CwmpFault;
import io.coral.cwmp.Envelope;

/**
 * What to send back for one POST: an envelope, or nothing (HTTP 204). {@code ended} says the session is over,
 * so its cookie must never continue it.
 */
public record SessionReply(Envelope envelope, boolean ended) {

    public static SessionReply empty(boolean ended) {
        return new SessionReply(null, ended);
    }

    public boolean isEmpty() {
        return envelope == null;
    }

    public boolean isFault() {
        return envelope != null && envelope.body() instanceof CwmpFault;
    }
}
