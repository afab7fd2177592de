package io.coral.simulator.usp;

import io.coral.simulator.model.DeviceModel;
import java.util.ArrayList;
import java.util.List;

/** Reads the agent's {@code Device.LocalAgent.Subscription.} table and matches references against it. */
final class Subscriptions {
    static final String TABLE = "Device.LocalAgent.Subscription.";

    private Subscriptions() {
    }

    /** One enabled subscription. */
    record Sub(String instance, String id, String notifType, List<String> references, boolean retry, String recipient) {
    }

    static List<Sub> enabled(DeviceModel device, String notifType) {
        List<Sub> out = new ArrayList<>();
        if (device.resolve(TABLE) == null) {
            return out;
        }
        for (int n : device.instances(TABLE)) {
            String p = TABLE + n + ".";
            if (!"true".equals(device.getOr(p + "Enable", "false")) || !notifType.equals(device.getOr(p + "NotifType", ""))) {
                continue;
            }
            List<String> refs = new ArrayList<>();
            for (String r : device.getOr(p + "ReferenceList", "").split(",")) {
                if (!r.isBlank()) {
                    refs.add(r.strip());
                }
            }
            out.add(new Sub(p, device.getOr(p + "ID", ""), notifType, refs,
                    "true".equals(device.getOr(p + "NotifRetry", "false")), device.getOr(p + "Recipient", "")));
        }
        return out;
    }

    /** Whether a subscription's references cover {@code path} (equal, below a partial path, or a search match). */
    static boolean covers(DeviceModel device, Sub sub, String path) {
        for (String ref : sub.references()) {
            if (ref.equals(path) || (ref.endsWith(".") && path.startsWith(ref))) {
                return true;
            }
            if (ref.indexOf('*') >= 0 || ref.indexOf('[') >= 0) {
                try {
                    for (String p : PathResolver.resolve(device, ref).paths()) {
                        if (p.equals(path) || (p.endsWith(".") && path.startsWith(p))) {
                            return true;
                        }
                    }
                } catch (PathResolver.PathException e) {
                    // a bad reference matches nothing
                }
            }
        }
        return false;
    }
}
