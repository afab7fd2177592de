package io.coral.usp;

import io.coral.usp.proto.UspMsg14.Msg;
import io.coral.usp.proto.UspRecord14.DisconnectRecord;
import io.coral.usp.proto.UspRecord14.MQTTConnectRecord;
import io.coral.usp.proto.UspRecord14.NoSessionContextRecord;
import io.coral.usp.proto.UspRecord14.Record;

/** Builds the USP Records Coral sends: NoSessionContext (a Msg), MQTTConnect and Disconnect. */
public final class UspRecords {
    /** Record.version Coral writes unless it answers a peer that spoke another one (obuspa speaks 1.3). */
    public static final String DEFAULT_VERSION = "1.3";
    /** Protocol versions Coral's Msg schema covers (GetSupportedProtocol CSV). */
    public static final String SUPPORTED_VERSIONS = "1.0,1.1,1.2,1.3,1.4";

    private UspRecords() {}

    public static Record noSessionContext(String version, String toId, String fromId, Msg msg) {
        return base(version, toId, fromId)
                .setNoSessionContext(NoSessionContextRecord.newBuilder().setPayload(msg.toByteString()))
                .build();
    }

    public static Record noSessionContext(String toId, String fromId, Msg msg) {
        return noSessionContext(DEFAULT_VERSION, toId, fromId, msg);
    }

    public static Record mqttConnect(String toId, String fromId, MQTTConnectRecord.MQTTVersion mqttVersion,
                                     String subscribedTopic) {
        return base(DEFAULT_VERSION, toId, fromId)
                .setMqttConnect(MQTTConnectRecord.newBuilder().setVersion(mqttVersion)
                        .setSubscribedTopic(subscribedTopic))
                .build();
    }

    public static Record disconnect(String toId, String fromId, String reason, int reasonCode) {
        return base(DEFAULT_VERSION, toId, fromId)
                .setDisconnect(DisconnectRecord.newBuilder().setReason(reason == null ? "" : reason)
                        .setReasonCode(reasonCode))
                .build();
    }

    private static Record.Builder base(String version, String toId, String fromId) {
        return Record.newBuilder()
                .setVersion(version == null || version.isEmpty() ? DEFAULT_VERSION : version)
                .setToId(toId)
                .setFromId(fromId)
                .setPayloadSecurity(Record.PayloadSecurity.PLAINTEXT);
    }
}
