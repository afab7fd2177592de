package io.coral.cwmp.codec;

import io.coral.cwmp.CwmpFault;
import io.coral.cwmp.CwmpNamespace;
import io.coral.cwmp.DeviceId;
import io.coral.cwmp.Envelope;
import io.coral.cwmp.EventCodes;
import io.coral.cwmp.EventStruct;
import io.coral.cwmp.GetParameterValues;
import io.coral.cwmp.GetParameterValuesResponse;
import io.coral.cwmp.Inform;
import io.coral.cwmp.InformResponse;
import io.coral.cwmp.ParameterFault;
import io.coral.cwmp.ParameterValue;
import io.coral.cwmp.SetParameterValues;
import io.coral.cwmp.SetParameterValuesResponse;
import io.coral.cwmp.testing.CannedEnvelopes;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CwmpCodecTest {

    private final CwmpCodec codec = CwmpCodec.create();

    @Test
    void decodesHuaweiInformOnBothPaths() throws Exception {
        byte[] xml = CannedEnvelopes.bytes("cwmp-1-0-igd/inform.xml");
        Envelope saaj = codec.decode(xml);
        Envelope stax = codec.decodeStreaming(xml);
        assertThat(stax).isEqualTo(saaj);
        assertThat(saaj.id()).isEqualTo("1804289383");
        assertThat(saaj.namespace()).isEqualTo(CwmpNamespace.CWMP_1_0);
        Inform inform = (Inform) saaj.body();
        assertThat(inform.deviceId()).isEqualTo(
                new DeviceId("Huawei Technologies Co., Ltd.", "00E0FC", "HG8245H", "48575443A1B2C3D4"));
        assertThat(inform.events()).containsExactly(new EventStruct("1 BOOT", ""), new EventStruct("M Reboot", "reboot-42"));
        assertThat(inform.events()).extracting(EventStruct::index).containsExactly("1", null);
        assertThat(inform.hasEvent(EventCodes.BOOT)).isTrue();
        assertThat(inform.maxEnvelopes()).isEqualTo(1);
        assertThat(inform.currentTime()).isEqualTo("2026-11-23T10:15:02+01:00");
        assertThat(inform.parameterList()).hasSize(8);
        assertThat(inform.parameter("InternetGatewayDevice.ManagementServer.ConnectionRequestURL"))
                .isEqualTo("http://10.20.30.40:7547/a8f2c1");
        assertThat(inform.parameterList().get(7))
                .isEqualTo(new ParameterValue("InternetGatewayDevice.ManagementServer.PeriodicInformInterval", "300",
                        "xsd:unsignedInt"));
    }

    @Test
    void keepsValueWhitespaceAndEntities() throws Exception {
        Envelope e = codec.decode(CannedEnvelopes.bytes("cwmp-1-0-igd/get-parameter-values-response.xml"));
        GetParameterValuesResponse r = (GetParameterValuesResponse) e.body();
        assertThat(r.parameterList().get(0).value()).isEqualTo("HUAWEI-Home & Garden ");
        assertThat(r.parameterList().get(1).type()).isEqualTo("xsd:boolean");
    }

    @Test
    void decodesSetParameterValuesResponseAndFault() throws Exception {
        Envelope spv = codec.decode(CannedEnvelopes.bytes("cwmp-1-0-igd/set-parameter-values-response.xml"));
        assertThat(spv.body()).isEqualTo(new SetParameterValuesResponse(1));
        Envelope fault = codec.decode(CannedEnvelopes.bytes("cwmp-1-0-igd/fault-set-parameter-values.xml"));
        assertThat(fault.id()).isEqualTo("acs-19");
        assertThat(fault.body()).isEqualTo(new CwmpFault(9003, "Invalid arguments", List.of(
                new ParameterFault("InternetGatewayDevice.LANDevice.1.WLANConfiguration.1.Channel", 9007,
                        "Invalid parameter value"),
                new ParameterFault("InternetGatewayDevice.DeviceInfo.SoftwareVersion", 9008,
                        "Attempt to set a non-writable parameter"))));
    }

    @Test
    void encodesInformResponseInTheCpesNamespace() throws Exception {
        Envelope inform = codec.decode(CannedEnvelopes.bytes("cwmp-1-0-igd/inform.xml"));
        byte[] out = codec.encode(inform.reply(new InformResponse(1)));
        String xml = new String(out, StandardCharsets.UTF_8);
        assertThat(xml).contains("xmlns:cwmp=\"urn:dslforum-org:cwmp-1-0\"")
                .contains("<cwmp:ID SOAP-ENV:mustUnderstand=\"1\">1804289383</cwmp:ID>")
                .contains("<cwmp:InformResponse><MaxEnvelopes>1</MaxEnvelopes></cwmp:InformResponse>");
        assertThat(codec.decode(out)).isEqualTo(inform.reply(new InformResponse(1)));
    }

    @Test
    void encodesSetParameterValuesWithArrayTypeAndXsiTypes() throws Exception {
        Envelope e = Envelope.of("acs-1", CwmpNamespace.CWMP_1_2, new SetParameterValues(List.of(
                new ParameterValue("Device.WiFi.SSID.1.SSID", "coral", "xsd:string"),
                new ParameterValue("Device.WiFi.Radio.1.Channel", "11", "unsignedInt")), "key-1"));
        String xml = new String(codec.encode(e), StandardCharsets.UTF_8);
        assertThat(xml).contains("SOAP-ENC:arrayType=\"cwmp:ParameterValueStruct[2]\"")
                .contains("<Value xsi:type=\"xsd:string\">coral</Value>")
                .contains("<Value xsi:type=\"xsd:unsignedInt\">11</Value>")
                .contains("<ParameterKey>key-1</ParameterKey>");
        assertThat(codec.decode(xml.getBytes(StandardCharsets.UTF_8))).isEqualTo(e.withNamespace(CwmpNamespace.CWMP_1_2));
        assertThat(codec.decodeStreaming(xml.getBytes(StandardCharsets.UTF_8))).isEqualTo(e);
    }

    @Test
    void roundTripsGetParameterValuesAndFault() throws Exception {
        for (Envelope e : List.of(
                Envelope.of("a", CwmpNamespace.CWMP_1_4, new GetParameterValues(List.of("Device.", "Device.DeviceInfo.UpTime"))),
                Envelope.of("b", CwmpNamespace.CWMP_1_1, new CwmpFault(8003, "Invalid arguments")),
                Envelope.of("c", CwmpNamespace.CWMP_1_3, new CwmpFault(9003, "Invalid arguments",
                        List.of(new ParameterFault("Device.X", 9005, "Invalid parameter name")))))) {
            byte[] out = codec.encode(e);
            assertThat(codec.decode(out)).isEqualTo(e);
            assertThat(codec.decodeStreaming(out)).isEqualTo(e);
        }
    }

    @Test
    void emptyBodyIsTheEmptyEnvelope() throws Exception {
        assertThat(codec.decode(new byte[0])).isEqualTo(Envelope.EMPTY);
        assertThat(codec.decode(" \r\n".getBytes(StandardCharsets.UTF_8))).isEqualTo(Envelope.EMPTY);
        assertThat(codec.decodeStreaming(new byte[0]).isEmpty()).isTrue();
        assertThat(codec.encode(Envelope.EMPTY)).isEmpty();
    }
}
