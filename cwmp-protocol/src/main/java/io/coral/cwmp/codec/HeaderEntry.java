package io.coral.cwmp.codec;

import io.coral.cwmp.Envelope;

import java.util.ArrayList;
import java.util.List;

/** One cwmp header element to write, in the order TR-069 lists them. */
record HeaderEntry(String name, String text, boolean mustUnderstand) {

    static List<HeaderEntry> of(Envelope e) {
        List<HeaderEntry> out = new ArrayList<>(4);
        if (e.id() != null) {
            out.add(new HeaderEntry("ID", e.id(), true));
        }
        if (e.holdRequests()) {
            out.add(new HeaderEntry("HoldRequests", "1", true));
        }
        if (e.sessionTimeout() != null) {
            out.add(new HeaderEntry("SessionTimeout", e.sessionTimeout().toString(), false));
        }
        if (e.supportedCwmpVersions() != null) {
            out.add(new HeaderEntry("SupportedCWMPVersions", e.supportedCwmpVersions(), false));
        }
        if (e.useCwmpVersion() != null) {
            out.add(new HeaderEntry("UseCWMPVersion", e.useCwmpVersion(), true));
        }
        if (e.noMoreRequests()) {
            out.add(new HeaderEntry("NoMoreRequests", "1", false));
        }
        return out;
    }
}
