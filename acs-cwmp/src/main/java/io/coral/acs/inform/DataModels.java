package io.coral.acs.inform;

import java.util.Collection;
import java.util.Map;

/** TR-098 ("InternetGatewayDevice.") versus TR-181 ("Device.") detection and root-relative look-ups. */
public final class DataModels {

    public static final String TR098 = "TR-098";
    public static final String TR181 = "TR-181";

    private DataModels() {}

    /** The root object of the parameter names ("InternetGatewayDevice." or "Device."), or null. */
    public static String root(Collection<String> names) {
        for (String n : names) {
            if (n.startsWith("InternetGatewayDevice.")) {
                return "InternetGatewayDevice.";
            }
            if (n.startsWith("Device.")) {
                return "Device.";
            }
        }
        return null;
    }

    public static String dataModel(String root, String previous) {
        if ("InternetGatewayDevice.".equals(root)) {
            return TR098;
        }
        if ("Device.".equals(root)) {
            return TR181;
        }
        return previous;
    }

    /** The value of {@code root + relative}, or null. */
    public static String find(Map<String, String> params, String root, String relative) {
        if (root != null) {
            String v = params.get(root + relative);
            if (v != null) {
                return v;
            }
        }
        return null;
    }
}
