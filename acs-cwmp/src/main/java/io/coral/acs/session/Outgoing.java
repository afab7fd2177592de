package io.coral.acs.session;

import io.coral.cwmp.AcsRequest;

/** One ACS request of a session: the task it runs (null for the ACS's own requests) and the cwmp:ID it went out with. */
public record Outgoing(String taskId, String kind, AcsRequest request, String cwmpId) {

    public Outgoing withId(String id) {
        return new Outgoing(taskId, kind, request, id);
    }

    /** Whether {@code answer} is the response this request expects (or a fault). */
    public boolean answeredBy(io.coral.cwmp.CwmpMessage answer) {
        return answer instanceof io.coral.cwmp.CwmpFault
                || answer.methodName().equals(request.methodName() + "Response");
    }
}
