package io.coral.usp;

import io.coral.usp.proto.UspMsg14.Msg;
import io.coral.usp.proto.UspRecord14.Record;

/**
 * A Record accepted by {@link UspCodec#decode(byte[])}: for {@link Kind#MSG} the payload Msg is decoded
 * too; for connect and disconnect records {@code msg} is null.
 */
public record DecodedRecord(Kind kind, Record record, Msg msg) {

    public enum Kind { MSG, MQTT_CONNECT, DISCONNECT, OTHER_CONNECT }

    public String fromId() { return record.getFromId(); }

    public String toId() { return record.getToId(); }

    public String version() { return record.getVersion(); }
}
