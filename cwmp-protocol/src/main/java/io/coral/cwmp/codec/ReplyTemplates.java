package io.coral.cwmp.codec;

import io.coral.cwmp.CwmpMessage;
import io.coral.cwmp.Envelope;
import io.coral.cwmp.InformResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Replies that differ only in their cwmp:ID (the InformResponse of every session, the empty-argument responses)
 * are written once per namespace and header set, then reused with the ID spliced in. The writer is what a
 * periodic session spends most on after parsing its Inform; the bytes are the writer's own.
 */
final class ReplyTemplates {

    private static final String SLOT = "CoralIdSlot7f3a";
    private static final int MAX_TEMPLATES = 256;

    private record Template(byte[] head, byte[] tail) {}

    private final ConcurrentHashMap<Envelope, Template> templates = new ConcurrentHashMap<>();
    private final Function<Envelope, byte[]> writer;

    ReplyTemplates(Function<Envelope, byte[]> writer) {
        this.writer = writer;
    }

    /** The encoded envelope, or null when it is not a templated kind (the caller writes it itself). */
    byte[] encode(Envelope envelope) {
        if (envelope.id() == null || !templated(envelope.body()) || !plainId(envelope.id())) {
            return null;
        }
        Envelope key = envelope.withId(SLOT);
        Template t = templates.get(key);
        if (t == null) {
            if (templates.size() >= MAX_TEMPLATES) {
                return null;
            }
            t = split(writer.apply(key));
            if (t == null) {
                return null;
            }
            templates.putIfAbsent(key, t);
        }
        byte[] id = envelope.id().getBytes(StandardCharsets.US_ASCII);
        byte[] out = Arrays.copyOf(t.head(), t.head().length + id.length + t.tail().length);
        System.arraycopy(id, 0, out, t.head().length, id.length);
        System.arraycopy(t.tail(), 0, out, t.head().length + id.length, t.tail().length);
        return out;
    }

    /** InformResponse (MaxEnvelopes is part of the key) and messages without arguments. */
    private static boolean templated(CwmpMessage body) {
        return body instanceof InformResponse || body != null && WITHOUT_ARGUMENTS.get(body.getClass());
    }

    /** Reflection once per message class, not per reply. */
    private static final ClassValue<Boolean> WITHOUT_ARGUMENTS = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return type.isRecord() && type.getRecordComponents().length == 0;
        }
    };

    /** IDs that the writer leaves as they are (printable ASCII, nothing to escape). */
    static boolean plainId(String id) {
        if (id.length() > 64) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c < 0x20 || c > 0x7E || c == '&' || c == '<' || c == '>' || c == '"' || c == '\'') {
                return false;
            }
        }
        return true;
    }

    private static Template split(byte[] xml) {
        // ISO-8859-1 maps every byte to one char, so char positions are byte positions.
        String text = new String(xml, StandardCharsets.ISO_8859_1);
        int at = text.indexOf(SLOT);
        if (at < 0 || text.indexOf(SLOT, at + SLOT.length()) >= 0) {
            return null;
        }
        return new Template(Arrays.copyOfRange(xml, 0, at), Arrays.copyOfRange(xml, at + SLOT.length(), xml.length));
    }
}
