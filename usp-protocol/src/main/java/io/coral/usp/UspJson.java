package io.coral.usp;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import io.coral.usp.proto.UspMsg14.Msg;
import io.coral.usp.proto.UspRecord14.Record;

/**
 * The protobuf JSON form of Msgs and Records, for Lua scripts and the REST API. Output keeps the proto
 * field names (snake_case, like every other Coral JSON); input accepts snake_case or lowerCamelCase.
 */
public final class UspJson {
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().preservingProtoFieldNames()
            .omittingInsignificantWhitespace();
    private static final JsonFormat.Parser PARSER = JsonFormat.parser();

    private UspJson() {}

    public static String toJson(MessageOrBuilder message) {
        try {
            return PRINTER.print(message);
        } catch (InvalidProtocolBufferException e) {
            // Only Any fields with unknown types can fail to print; USP has none.
            throw new IllegalStateException(e);
        }
    }

    /** Parses a Msg; IllegalArgumentException with the parser's reason when the JSON is not a Msg. */
    public static Msg msgFromJson(String json) {
        Msg.Builder b = Msg.newBuilder();
        merge(json, b);
        return b.build();
    }

    public static Record recordFromJson(String json) {
        Record.Builder b = Record.newBuilder();
        merge(json, b);
        return b.build();
    }

    private static void merge(String json, com.google.protobuf.Message.Builder b) {
        if (json == null || json.isBlank()) {
            throw new IllegalArgumentException("empty JSON");
        }
        try {
            PARSER.merge(json, b);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            throw new IllegalArgumentException("not a USP " + b.getDescriptorForType().getName() + " in protobuf JSON form: "
                    + e.getMessage(), e);
        }
    }
}
