package io.coral.cwmp.codec;

import io.coral.cwmp.AddObjectResponse;
import io.coral.cwmp.CwmpFault;
import io.coral.cwmp.CwmpNamespace;
import io.coral.cwmp.Envelope;
import io.coral.cwmp.FaultStruct;
import io.coral.cwmp.TransferComplete;
import io.coral.cwmp.GetParameterNamesResponse;
import io.coral.cwmp.GetParameterValuesResponse;
import io.coral.cwmp.GetRPCMethods;
import io.coral.cwmp.Inform;
import io.coral.cwmp.InformResponse;
import io.coral.cwmp.ParameterInfo;
import io.coral.cwmp.ParameterValue;
import io.coral.cwmp.SetParameterValuesResponse;
import io.coral.cwmp.testing.CannedEnvelopes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** What real devices get wrong, and what the codec makes of it (the same on both decoders). */
class DeviationsTest {

    private static final CwmpCodec CODEC = CwmpCodec.create();

    static Stream<String> deviations() {
        return CannedEnvelopes.list("deviations").stream();
    }

    @ParameterizedTest
    @MethodSource("deviations")
    void bothDecodersAgreeAndTheResultRoundTrips(String path) throws Exception {
        Envelope saaj = CODEC.decode(CannedEnvelopes.bytes(path));
        assertThat(CODEC.decodeStreaming(CannedEnvelopes.bytes(path))).isEqualTo(saaj);
        assertThat(CODEC.decode(CODEC.encode(saaj))).isEqualTo(saaj);
        assertThat(CODEC.encodeStreaming(saaj)).isEqualTo(CODEC.encode(saaj));
    }

    @Test
    void missingAndBareXsiTypes() throws Exception {
        Inform inform = (Inform) decode("no-xsi-types.xml").body();
        assertThat(inform.parameterList()).extracting(ParameterValue::type)
                .containsExactly("xsd:string", "xsd:unsignedInt", "xsd:int");
        assertThat(inform.currentTime()).isEqualTo("2026-11-23T10:00:00");
        assertThat(inform.events().get(0).commandKey()).isEmpty();
    }

    @Test
    void unusualPrefixes() throws Exception {
        Envelope e = decode("odd-prefixes.xml");
        assertThat(e.namespace()).isEqualTo(CwmpNamespace.CWMP_1_1);
        assertThat(e.id()).isEqualTo("odd-1");
        assertThat(((GetParameterValuesResponse) e.body()).parameterList().get(0))
                .isEqualTo(new ParameterValue("InternetGatewayDevice.DeviceInfo.UpTime", "12", "xsd:unsignedInt"));
    }

    @Test
    void namespaceLessBodyTakesTheIdHeadersNamespace() throws Exception {
        Envelope e = decode("namespace-less-body.xml");
        assertThat(e.namespace()).isEqualTo(CwmpNamespace.CWMP_1_2);
        assertThat(((Inform) e.body()).deviceId().serialNumber()).isEqualTo("ACME-1");
    }

    @Test
    void byteOrderMarkAndLeadingWhitespace() throws Exception {
        Envelope e = decode("bom.xml");
        assertThat(e.id()).isEqualTo("bom-1");
        assertThat(e.body()).isEqualTo(new SetParameterValuesResponse(0));
    }

    @Test
    void emptyHeaderMeansNoId() throws Exception {
        Envelope e = decode("empty-header.xml");
        assertThat(e.id()).isNull();
        assertThat(e.body()).isEqualTo(new GetRPCMethods());
        assertThat(e.namespace()).isEqualTo(CwmpNamespace.CWMP_1_0);
    }

    @Test
    void soapAsTheDefaultNamespace() throws Exception {
        Envelope e = decode("default-namespace.xml");
        assertThat(e.id()).isEqualTo("dn-1");
        assertThat(e.body()).isEqualTo(new AddObjectResponse(4, 0));
    }

    @Test
    void whitespaceAroundScalarsAndComments() throws Exception {
        Envelope e = decode("whitespace-and-comments.xml");
        assertThat(e.id()).isEqualTo("ws-1");
        assertThat(e.body()).isEqualTo(new AddObjectResponse(12, 1));
    }

    @Test
    void oldXsiNamespace() throws Exception {
        GetParameterValuesResponse r = (GetParameterValuesResponse) decode("xsi-1999.xml").body();
        assertThat(r.parameterList().get(0).type()).isEqualTo("xsd:unsignedInt");
    }

    @Test
    void latin1Encoding() throws Exception {
        GetParameterValuesResponse r = (GetParameterValuesResponse) decode("iso-8859-1.xml").body();
        assertThat(r.parameterList().get(0).value()).isEqualTo("Café");
    }

    @Test
    void cwmp13NamespaceHoldRequestsAndNoMoreRequests() throws Exception {
        Envelope e = decode("cwmp-1-3-hold-requests.xml");
        assertThat(e.namespace()).isEqualTo(CwmpNamespace.CWMP_1_3);
        assertThat(e.holdRequests()).isTrue();
        assertThat(e.noMoreRequests()).isTrue();
        assertThat(e.body()).isEqualTo(new InformResponse(1));
    }

    @Test
    void envelopeWithEmptyBody() throws Exception {
        Envelope e = decode("empty-body.xml");
        assertThat(e.isEmpty()).isTrue();
        assertThat(e.id()).isEqualTo("eb-1");
        assertThat(e.namespace()).isEqualTo(CwmpNamespace.CWMP_1_2);
    }

    @Test
    void faultWithDefaultNamespaceDetail() throws Exception {
        Envelope e = decode("fault-default-namespace-detail.xml");
        assertThat(e.namespace()).isEqualTo(CwmpNamespace.CWMP_1_2);
        assertThat(e.body()).isEqualTo(new CwmpFault(9002, "Internal error"));
    }

    @Test
    void booleanSpellingsAndCdata() throws Exception {
        GetParameterNamesResponse r = (GetParameterNamesResponse) decode("uppercase-booleans-and-cdata.xml").body();
        assertThat(r.parameterList()).containsExactly(new ParameterInfo("InternetGatewayDevice.X_<ODD>.", true),
                new ParameterInfo("InternetGatewayDevice.DeviceInfo.", false));
    }

    @Test
    void cwmpFaultWithoutTheSoapFaultAroundIt() throws Exception {
        Envelope e = decode("bare-cwmp-fault.xml");
        assertThat(e.body()).isEqualTo(new CwmpFault(9001, "Request denied"));
    }

    @Test
    void argumentsQualifiedWithTheCwmpPrefix() throws Exception {
        assertThat(decode("qualified-arguments.xml").body()).isEqualTo(
                new TransferComplete("fw-1", FaultStruct.NONE, "2026-11-23T10:00:00Z", "2026-11-23T10:01:00Z"));
    }

    private static Envelope decode(String file) throws CwmpParseException {
        return CODEC.decodeStreaming(CannedEnvelopes.bytes("deviations/" + file));
    }
}
