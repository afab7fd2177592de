package io.coral.usp;

import io.coral.usp.proto.UspMsg14.Msg;
import java.util.LinkedHashMap;
import java.util.Map;

/** Add requests creating Device.LocalAgent.Subscription.{i} (TR-181 parameters, R-NOT.0). */
public final class UspSubscriptions {
    public static final String TABLE = "Device.LocalAgent.Subscription.";
    public static final String BOOT_EVENT = "Device.Boot!";

    private UspSubscriptions() {}

    /** The notification kinds a Subscription's NotifType accepts. */
    public enum NotifType { ValueChange, ObjectCreation, ObjectDeletion, OperationComplete, Event }

    /**
     * Add of one subscription: enabled, with the given ID, type and reference list; {@code notifRetry}
     * makes the agent ask for NotifyResp and retry until it gets one.
     */
    public static Msg add(String id, NotifType type, String referenceList, boolean persistent, boolean notifRetry) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("Enable", "true");
        params.put("ID", id);
        params.put("NotifType", type.name());
        params.put("ReferenceList", referenceList);
        params.put("Persistent", Boolean.toString(persistent));
        params.put("NotifRetry", Boolean.toString(notifRetry));
        return UspRequests.add().allowPartial(false).create(TABLE, params).build();
    }

    /** The Boot! subscription Coral creates for agents that lack one: persistent, retried. */
    public static Msg boot(String id) {
        return add(id, NotifType.Event, BOOT_EVENT, true, true);
    }
}
