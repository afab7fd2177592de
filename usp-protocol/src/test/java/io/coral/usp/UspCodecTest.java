package io.coral.usp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.ByteString;
import io.coral.usp.proto.UspMsg14.Header.MsgType;
import io.coral.usp.proto.UspMsg14.Msg;
import io.coral.usp.proto.UspRecord14.MQTTConnectRecord;
import io.coral.usp.proto.UspRecord14.NoSessionContextRecord;
import io.coral.usp.proto.UspRecord14.Record;
import io.coral.usp.proto.UspRecord14.SessionContextRecord;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class UspCodecTest {
    private static final String CTRL = "proto::coral";
    private static final String AGENT = "os::00256D-0001";

    @Test
    void roundTripsAMsgInANoSessionContextRecord() throws Exception {
        Msg get = UspRequests.get("Device.DeviceInfo.").maxDepth(2).msgId("m1").build();
        byte[] bytes = UspCodec.encode(UspRecords.noSessionContext(AGENT, CTRL, get));

        DecodedRecord d = UspCodec.decode(bytes);

        assertThat(d.kind()).isEqualTo(DecodedRecord.Kind.MSG);
        assertThat(d.fromId()).isEqualTo(CTRL);
        assertThat(d.toId()).isEqualTo(AGENT);
        assertThat(d.version()).isEqualTo(UspRecords.DEFAULT_VERSION);
        assertThat(d.msg()).isEqualTo(get);
        assertThat(d.msg().getBody().getRequest().getGet().getMaxDepth()).isEqualTo(2);
    }

    @Test
    void decodesConnectAndDisconnectRecords() throws Exception {
        DecodedRecord c = UspCodec.decode(UspCodec.encode(
                UspRecords.mqttConnect(CTRL, AGENT, MQTTConnectRecord.MQTTVersion.V5, "usp/agent/x")));
        assertThat(c.kind()).isEqualTo(DecodedRecord.Kind.MQTT_CONNECT);
        assertThat(c.msg()).isNull();
        assertThat(c.record().getMqttConnect().getSubscribedTopic()).isEqualTo("usp/agent/x");

        DecodedRecord d = UspCodec.decode(UspCodec.encode(UspRecords.disconnect(CTRL, AGENT, "bye", 7)));
        assertThat(d.kind()).isEqualTo(DecodedRecord.Kind.DISCONNECT);
        assertThat(d.record().getDisconnect().getReasonCode()).isEqualTo(7);
    }

    @Test
    void garbageIsRecordError7100WithNothingToAnswer() {
        UspDecodeException e = catchThrowableOfType(UspDecodeException.class,
                () -> UspCodec.decode(new byte[] {(byte) 0xff, (byte) 0xff, 0x01}));
        assertThat(e.code()).isEqualTo(7100);
        assertThat(UspCodec.errorReply(e, CTRL)).isEmpty();
    }

    @Test
    void brokenPayloadOfARequestIsAnswered7100WithItsMsgId() throws Exception {
        byte[] msg = UspCodec.encode(UspRequests.get("Device.").msgId("abc").build());
        byte[] broken = Arrays.copyOf(msg, msg.length + 2);
        broken[msg.length] = (byte) 0x12; // body field, length-delimited ...
        broken[msg.length + 1] = (byte) 0x7f; // ... claiming 127 bytes that are not there
        Record r = Record.newBuilder().setVersion("1.3").setToId(CTRL).setFromId(AGENT)
                .setNoSessionContext(NoSessionContextRecord.newBuilder().setPayload(ByteString.copyFrom(broken))).build();

        UspDecodeException e = catchThrowableOfType(UspDecodeException.class, () -> UspCodec.decode(r.toByteArray()));

        assertThat(e.code()).isEqualTo(7100);
        assertThat(e.msgId()).isEqualTo("abc");
        assertThat(e.wasRequest()).isTrue();
        Record reply = UspCodec.errorReply(e, CTRL).orElseThrow();
        assertThat(reply.getToId()).isEqualTo(AGENT);
        Msg err = UspCodec.decodeMsg(reply.getNoSessionContext().getPayload().toByteArray());
        assertThat(err.getHeader().getMsgId()).isEqualTo("abc");
        assertThat(err.getBody().getError().getErrCode()).isEqualTo(7100);
        // not ours -> silently dropped
        assertThat(UspCodec.errorReply(e, "proto::other")).isEmpty();
    }

    @Test
    void sessionContextIsNotAllowed7106() {
        Msg get = UspRequests.get("Device.").msgId("s1").build();
        Record r = Record.newBuilder().setVersion("1.3").setToId(CTRL).setFromId(AGENT)
                .setSessionContext(SessionContextRecord.newBuilder().setSessionId(1).addPayload(get.toByteString())).build();
        UspDecodeException e = catchThrowableOfType(UspDecodeException.class, () -> UspCodec.decode(r.toByteArray()));
        assertThat(e.code()).isEqualTo(7106);
        assertThat(UspCodec.errorReply(e, CTRL)).isPresent();
    }

    @Test
    void missingVersionOrIdsIsInvalidRecordValue() {
        Record noVersion = Record.newBuilder().setToId(CTRL).setFromId(AGENT)
                .setNoSessionContext(NoSessionContextRecord.getDefaultInstance()).build();
        assertThatThrownBy(() -> UspCodec.decode(noVersion.toByteArray()))
                .isInstanceOfSatisfying(UspDecodeException.class, e -> assertThat(e.code()).isEqualTo(7104));
        Record noType = Record.newBuilder().setVersion("1.3").setToId(CTRL).setFromId(AGENT).build();
        assertThatThrownBy(() -> UspCodec.decode(noType.toByteArray()))
                .isInstanceOfSatisfying(UspDecodeException.class, e -> assertThat(e.code()).isEqualTo(7104));
    }

    @Test
    void tlsPayloadSecurityIsNotSupported7102() {
        Record r = Record.newBuilder().setVersion("1.3").setToId(CTRL).setFromId(AGENT)
                .setPayloadSecurity(Record.PayloadSecurity.TLS12)
                .setNoSessionContext(NoSessionContextRecord.newBuilder().setPayload(ByteString.copyFromUtf8("tls"))).build();
        assertThatThrownBy(() -> UspCodec.decode(r.toByteArray()))
                .isInstanceOfSatisfying(UspDecodeException.class, e -> assertThat(e.code()).isEqualTo(7102));
    }

    @Test
    void noByteStringLetsAnythingButUspDecodeExceptionOut() throws Exception {
        Random random = new Random(42);
        byte[] valid = UspCodec.encode(UspRecords.noSessionContext(CTRL, AGENT,
                UspRequests.operate("Device.Reboot()").input("a", "b").build()));
        int accepted = 0;
        int badResults = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes;
            if (i % 2 == 0) {
                bytes = new byte[random.nextInt(64)];
                random.nextBytes(bytes);
            } else {
                bytes = valid.clone();
                for (int k = random.nextInt(4) + 1; k > 0; k--) {
                    bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                }
            }
            try {
                DecodedRecord d = UspCodec.decode(bytes);
                if (d.record() == null) {
                    badResults++;
                }
                accepted++;
            } catch (UspDecodeException e) {
                if (!UspErrorCodes.isRecordError(e.code())) {
                    badResults++;
                }
                UspCodec.errorReply(e, CTRL);
            }
        }
        assertThat(badResults).isZero();
        assertThat(accepted).isPositive();
        assertThat(UspCodec.decode(valid).msg().getHeader().getMsgType()).isEqualTo(MsgType.OPERATE);
    }
}
