package io.coral.cwmp;

import java.util.Map;

/** Inform event codes (TR-069 Amd 6, cwmp-1-4.xsd) and their index strings. */
public final class EventCodes {
    public static final String BOOTSTRAP = "0 BOOTSTRAP";
    public static final String BOOT = "1 BOOT";
    public static final String PERIODIC = "2 PERIODIC";
    public static final String SCHEDULED = "3 SCHEDULED";
    public static final String VALUE_CHANGE = "4 VALUE CHANGE";
    public static final String KICKED = "5 KICKED";
    public static final String CONNECTION_REQUEST = "6 CONNECTION REQUEST";
    public static final String TRANSFER_COMPLETE = "7 TRANSFER COMPLETE";
    public static final String DIAGNOSTICS_COMPLETE = "8 DIAGNOSTICS COMPLETE";
    public static final String REQUEST_DOWNLOAD = "9 REQUEST DOWNLOAD";
    public static final String AUTONOMOUS_TRANSFER_COMPLETE = "10 AUTONOMOUS TRANSFER COMPLETE";
    public static final String DU_STATE_CHANGE_COMPLETE = "11 DU STATE CHANGE COMPLETE";
    public static final String AUTONOMOUS_DU_STATE_CHANGE_COMPLETE = "12 AUTONOMOUS DU STATE CHANGE COMPLETE";
    public static final String WAKEUP = "13 WAKEUP";
    public static final String HEARTBEAT = "14 HEARTBEAT";

    public static final String M_REBOOT = "M Reboot";
    public static final String M_SCHEDULE_INFORM = "M ScheduleInform";
    public static final String M_DOWNLOAD = "M Download";
    public static final String M_SCHEDULE_DOWNLOAD = "M ScheduleDownload";
    public static final String M_UPLOAD = "M Upload";
    public static final String M_CHANGE_DU_STATE = "M ChangeDUState";

    private static final Map<String, String> INDEX = Map.ofEntries(
            Map.entry(BOOTSTRAP, "0"), Map.entry(BOOT, "1"), Map.entry(PERIODIC, "2"), Map.entry(SCHEDULED, "3"),
            Map.entry(VALUE_CHANGE, "4"), Map.entry(KICKED, "5"), Map.entry(CONNECTION_REQUEST, "6"),
            Map.entry(TRANSFER_COMPLETE, "7"), Map.entry(DIAGNOSTICS_COMPLETE, "8"), Map.entry(REQUEST_DOWNLOAD, "9"),
            Map.entry(AUTONOMOUS_TRANSFER_COMPLETE, "10"), Map.entry(DU_STATE_CHANGE_COMPLETE, "11"),
            Map.entry(AUTONOMOUS_DU_STATE_CHANGE_COMPLETE, "12"), Map.entry(WAKEUP, "13"), Map.entry(HEARTBEAT, "14"));

    private EventCodes() {
    }

    /**
     * The index string of a single event code: "1 BOOT" → "1", "14 HEARTBEAT" → "14". Devices vary in case and
     * spacing ("1 boot", "1  BOOT"), so any code that starts with a known number is mapped by that number.
     * Null for "M …" codes, vendor codes ("X OUI …") and blanks.
     */
    public static String index(String eventCode) {
        if (eventCode == null) {
            return null;
        }
        String code = eventCode.trim();
        String exact = INDEX.get(code);
        if (exact != null) {
            return exact;
        }
        int end = 0;
        while (end < code.length() && end < 2 && Character.isDigit(code.charAt(end))) {
            end++;
        }
        if (end == 0 || (end < code.length() && code.charAt(end) != ' ')) {
            return null;
        }
        int n = Integer.parseInt(code.substring(0, end));
        return n <= 14 ? Integer.toString(n) : null;
    }

    /** Whether the code is a multiple-occurrence "M &lt;method&gt;" code (it carries a CommandKey). */
    public static boolean isMethodEvent(String eventCode) {
        return eventCode != null && eventCode.trim().startsWith("M ");
    }
}
