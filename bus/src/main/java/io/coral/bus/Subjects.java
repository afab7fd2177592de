package io.coral.bus;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Every subject name Coral uses, built from one prefix (default {@code coral}). Device ids (serial
 * numbers, USP endpoint ids) are escaped into a single safe token by {@link #token(String)}.
 */
public record Subjects(String prefix) {

    public static final String DEFAULT_PREFIX = "coral";
    public static final String EVENTS_STREAM = "CORAL_EVENTS";

    public Subjects {
        if (prefix == null || !prefix.matches("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*")) {
            throw new IllegalArgumentException("invalid subject prefix: " + prefix);
        }
    }

    public static Subjects defaults() {
        return new Subjects(DEFAULT_PREFIX);
    }

    // ---- events (durable, stream CORAL_EVENTS) ----
    public String events() { return prefix + ".events.>"; }
    public String cwmpInform(String sn) { return prefix + ".events.cwmp.inform." + token(sn); }
    public String cwmpInformAll() { return prefix + ".events.cwmp.inform.*"; }
    public String cwmpTransfer(String sn) { return prefix + ".events.cwmp.transfer." + token(sn); }
    public String cwmpTaskDone(String sn) { return prefix + ".events.cwmp.task." + token(sn); }
    public String deviceNew(String sn) { return prefix + ".events.device.new." + token(sn); }
    public String deviceStatus(String sn) { return prefix + ".events.device.status." + token(sn); }
    public String uspNotify(String sn) { return prefix + ".events.usp.notify." + token(sn); }

    /** True for a literal subject inside this prefix's event stream ({@code <prefix>.events.>}). */
    public boolean isEvent(String subject) {
        String base = prefix + ".events.";
        return subject != null && subject.startsWith(base) && subject.length() > base.length();
    }

    // ---- commands (request/reply, queue groups) ----
    public String cwmpRpc(String sn) { return prefix + ".cwmp.rpc." + token(sn); }
    public String cwmpRpcAll() { return prefix + ".cwmp.rpc.*"; }
    public String uspMsg(String sn) { return prefix + ".usp.msg." + token(sn); }
    public String uspMsgAll() { return prefix + ".usp.msg.*"; }
    /**
     * Internal to the USP controller: an agent's response that reached an instance which did not send the
     * request, forwarded to the instance that did ({@code instance} "_" = whichever holds {@code msgId}).
     */
    public String uspReply(String instance, String msgId) { return prefix + ".usp.reply." + token(instance) + "." + token(msgId); }
    public String uspReplyAll(String instance) { return prefix + ".usp.reply." + token(instance) + ".*"; }
    public String scripts(String action) { return prefix + ".scripts." + token(action); }
    public String scriptsAll() { return prefix + ".scripts.*"; }

    /** Last token of a subject, unescaped: the device id of a per-device subject. */
    public static String lastToken(String subject) {
        return untoken(subject.substring(subject.lastIndexOf('.') + 1));
    }

    /**
     * Escapes any string into one subject token: letters, digits, {@code -} and {@code _} stay; every
     * other UTF-8 byte becomes {@code ~XX}. Reversible and injective.
     */
    public static String token(String raw) {
        if (raw == null || raw.isEmpty()) {
            throw new IllegalArgumentException("empty subject token");
        }
        StringBuilder out = new StringBuilder(raw.length() + 8);
        for (byte b : raw.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
                out.append((char) c);
            } else {
                out.append('~').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    public static String untoken(String token) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(token.length());
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c == '~' && i + 2 < token.length()) {
                out.write(Integer.parseInt(token.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
