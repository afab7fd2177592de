package io.coral.cwmp.codec;

import io.coral.cwmp.AddObject;
import io.coral.cwmp.CwmpFault;
import io.coral.cwmp.CwmpMessage;
import io.coral.cwmp.CwmpNamespace;
import io.coral.cwmp.DeviceId;
import io.coral.cwmp.Download;
import io.coral.cwmp.Envelope;
import io.coral.cwmp.EventStruct;
import io.coral.cwmp.FactoryReset;
import io.coral.cwmp.GetParameterNames;
import io.coral.cwmp.GetParameterValues;
import io.coral.cwmp.Inform;
import io.coral.cwmp.ParameterValue;
import io.coral.cwmp.Reboot;
import io.coral.cwmp.SetParameterAttributes;
import io.coral.cwmp.SetParameterAttributesStruct;
import io.coral.cwmp.SetParameterValues;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The exact XML a CPE (or an ACS) gets from Coral. */
class GoldenEncodingTest {

    private final CwmpCodec codec = CwmpCodec.create();

    private String xml(CwmpMessage body) {
        return xml(Envelope.of("42", CwmpNamespace.CWMP_1_0, body));
    }

    private String xml(Envelope e) {
        return new String(codec.encode(e), StandardCharsets.UTF_8);
    }

    @Test
    void envelopeDeclaresEveryPrefixAndTheId() {
        String xml = xml(new Reboot("r-1"));
        assertThat(xml).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"")
                .contains("<SOAP-ENV:Envelope xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\"")
                .contains("xmlns:SOAP-ENC=\"http://schemas.xmlsoap.org/soap/encoding/\"")
                .contains("xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\"")
                .contains("xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"")
                .contains("xmlns:cwmp=\"urn:dslforum-org:cwmp-1-0\"")
                .contains("<SOAP-ENV:Header><cwmp:ID SOAP-ENV:mustUnderstand=\"1\">42</cwmp:ID></SOAP-ENV:Header>")
                .contains("<SOAP-ENV:Body><cwmp:Reboot><CommandKey>r-1</CommandKey></cwmp:Reboot></SOAP-ENV:Body>");
    }

    @Test
    void headersInOrderWithMustUnderstand() {
        String xml = xml(Envelope.of("7", CwmpNamespace.CWMP_1_2, new FactoryReset()).withHoldRequests(true)
                .withSessionTimeout(60).withUseCwmpVersion("1.4"));
        assertThat(xml).contains("<SOAP-ENV:Header><cwmp:ID SOAP-ENV:mustUnderstand=\"1\">7</cwmp:ID>"
                + "<cwmp:HoldRequests SOAP-ENV:mustUnderstand=\"1\">1</cwmp:HoldRequests>"
                + "<cwmp:SessionTimeout SOAP-ENV:mustUnderstand=\"0\">60</cwmp:SessionTimeout>"
                + "<cwmp:UseCWMPVersion SOAP-ENV:mustUnderstand=\"1\">1.4</cwmp:UseCWMPVersion></SOAP-ENV:Header>")
                .contains("<cwmp:FactoryReset/>");
        assertThat(xml(Envelope.of(null, CwmpNamespace.CWMP_1_0, new FactoryReset()))).doesNotContain("Header");
    }

    @Test
    void stringArraysCarryTheirArrayType() {
        assertThat(xml(new GetParameterValues(List.of("InternetGatewayDevice.DeviceInfo.", "InternetGatewayDevice.LANDevice."))))
                .contains("<cwmp:GetParameterValues><ParameterNames SOAP-ENC:arrayType=\"xsd:string[2]\">"
                        + "<string>InternetGatewayDevice.DeviceInfo.</string><string>InternetGatewayDevice.LANDevice.</string>"
                        + "</ParameterNames></cwmp:GetParameterValues>");
    }

    @Test
    void parameterValuesAreTypedAndEscaped() {
        assertThat(xml(new SetParameterValues(List.of(new ParameterValue("A.SSID", "a<b & \"c\"", "string"),
                new ParameterValue("A.Enable", "1", "xsd:boolean")), "")))
                .contains("<ParameterList SOAP-ENC:arrayType=\"cwmp:ParameterValueStruct[2]\"><ParameterValueStruct>"
                        + "<Name>A.SSID</Name><Value xsi:type=\"xsd:string\">a&lt;b &amp; \"c\"</Value></ParameterValueStruct>"
                        + "<ParameterValueStruct><Name>A.Enable</Name><Value xsi:type=\"xsd:boolean\">1</Value>"
                        + "</ParameterValueStruct></ParameterList><ParameterKey/>");
    }

    @Test
    void scalarArgumentsInSchemaOrder() {
        assertThat(xml(new GetParameterNames("Device.", true)))
                .contains("<cwmp:GetParameterNames><ParameterPath>Device.</ParameterPath><NextLevel>1</NextLevel></cwmp:GetParameterNames>");
        assertThat(xml(new AddObject("Device.IP.Interface.", "k")))
                .contains("<cwmp:AddObject><ObjectName>Device.IP.Interface.</ObjectName><ParameterKey>k</ParameterKey></cwmp:AddObject>");
        assertThat(xml(new Download("fw", "1 Firmware Upgrade Image", "http://h/f.bin", "u", "p", 10, "f.bin", 0, "", "")))
                .contains("<cwmp:Download><CommandKey>fw</CommandKey><FileType>1 Firmware Upgrade Image</FileType>"
                        + "<URL>http://h/f.bin</URL><Username>u</Username><Password>p</Password><FileSize>10</FileSize>"
                        + "<TargetFileName>f.bin</TargetFileName><DelaySeconds>0</DelaySeconds><SuccessURL/><FailureURL/>"
                        + "</cwmp:Download>");
    }

    @Test
    void setParameterAttributesStruct() {
        assertThat(xml(new SetParameterAttributes(List.of(SetParameterAttributesStruct.notification("A.B", 2)))))
                .contains("<ParameterList SOAP-ENC:arrayType=\"cwmp:SetParameterAttributesStruct[1]\">"
                        + "<SetParameterAttributesStruct><Name>A.B</Name><NotificationChange>1</NotificationChange>"
                        + "<Notification>2</Notification><AccessListChange>0</AccessListChange>"
                        + "<AccessList SOAP-ENC:arrayType=\"xsd:string[0]\"/></SetParameterAttributesStruct></ParameterList>");
    }

    @Test
    void faultsAsTr069Writes() {
        assertThat(xml(new CwmpFault(8003, "Invalid arguments")))
                .contains("<SOAP-ENV:Fault><faultcode>SOAP-ENV:Client</faultcode><faultstring>CWMP fault</faultstring>"
                        + "<detail><cwmp:Fault><FaultCode>8003</FaultCode><FaultString>Invalid arguments</FaultString>"
                        + "</cwmp:Fault></detail></SOAP-ENV:Fault>");
        assertThat(xml(new CwmpFault(8005, "Retry request"))).contains("<faultcode>SOAP-ENV:Server</faultcode>");
    }

    @Test
    void informAsACpeWritesIt() {
        String xml = xml(Envelope.of("1", CwmpNamespace.CWMP_1_2, new Inform(new DeviceId("Coral", "A1B2C3", "Sim", "SIM-1"),
                List.of(new EventStruct("1 BOOT"), new EventStruct("M Reboot", "k")), 1, "2026-11-23T10:00:00Z", 0,
                List.of(ParameterValue.of("Device.DeviceInfo.SoftwareVersion", "1.0")))));
        assertThat(xml).contains("<cwmp:Inform><DeviceId><Manufacturer>Coral</Manufacturer><OUI>A1B2C3</OUI>"
                        + "<ProductClass>Sim</ProductClass><SerialNumber>SIM-1</SerialNumber></DeviceId>"
                        + "<Event SOAP-ENC:arrayType=\"cwmp:EventStruct[2]\"><EventStruct><EventCode>1 BOOT</EventCode>"
                        + "<CommandKey/></EventStruct><EventStruct><EventCode>M Reboot</EventCode><CommandKey>k</CommandKey>"
                        + "</EventStruct></Event><MaxEnvelopes>1</MaxEnvelopes><CurrentTime>2026-11-23T10:00:00Z</CurrentTime>"
                        + "<RetryCount>0</RetryCount><ParameterList SOAP-ENC:arrayType=\"cwmp:ParameterValueStruct[1]\">")
                .contains("xmlns:cwmp=\"urn:dslforum-org:cwmp-1-2\"");
    }

    @Test
    void awkwardCharactersSurviveBothWriters() throws Exception {
        String value = "x>y\r\n\t'\"&<]]>é 中文 \uD83D\uDE00";
        Envelope e = Envelope.of("i", CwmpNamespace.CWMP_1_0, new SetParameterValues(List.of(ParameterValue.of("a", value)), ""));
        // SAAJ writes the emoji as &#128512;, the StAX writer as UTF-8: different bytes, same document
        assertThat(codec.decode(codec.encode(e))).isEqualTo(e);
        assertThat(codec.decodeStreaming(codec.encode(e))).isEqualTo(e);
        assertThat(codec.decode(codec.encodeStreaming(e))).isEqualTo(e);
        assertThat(codec.decodeStreaming(codec.encodeStreaming(e))).isEqualTo(e);
        assertThat(xml(e)).contains("&#13;");
        assertThat(new String(codec.encodeStreaming(e), StandardCharsets.UTF_8)).contains("&#13;");
    }

    @Test
    void emptyEnvelopeWithAnIdHasAnEmptyBody() throws Exception {
        Envelope e = Envelope.of("9", CwmpNamespace.CWMP_1_2, null);
        assertThat(xml(e)).contains("<SOAP-ENV:Body/>");
        assertThat(codec.encodeStreaming(e)).isEqualTo(codec.encode(e));
        assertThat(codec.decode(codec.encode(e))).isEqualTo(e);
        assertThat(codec.encodeStreaming(Envelope.EMPTY)).isEmpty();
    }
}
