package io.coral.cwmp.codec;

import io.coral.cwmp.GetParameterValues;
import io.coral.cwmp.ParameterValue;
import io.coral.cwmp.SetParameterValues;
import io.coral.cwmp.codec.CwmpParseException.Reason;
import io.coral.cwmp.testing.CannedEnvelopes;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** {@code send_cwmp_message(sn, xml, type)}: the XML as scripts write it. */
class ScriptEnvelopeTest {

    private static final String HEAD = """
            <?xml version="1.0" encoding="UTF-8"?>
            <soap:Envelope xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" \
            xmlns:cwmp="urn:dslforum-org:cwmp-1-0" xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" \
            xmlns:schemaLocation="urn:dslforum-org:cwmp-1-0 ..\\schemas\\wt121.xsd" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
              <soap:Header/>
              <soap:Body soap:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/">
            """;
    private static final String TAIL = """
              </soap:Body>
            </soap:Envelope>
            """;

    private final CwmpCodec codec = CwmpCodec.create();

    @Test
    void getParameterValuesFromAScript() throws Exception {
        String xml = HEAD + """
                    <cwmp:GetParameterValues>
                      <ParameterNames>
                        <string>InternetGatewayDevice.LANDevice.1.WLANConfiguration.1.</string>
                       </ParameterNames>
                    </cwmp:GetParameterValues>
                """ + TAIL;
        assertThat(codec.parseScriptEnvelope("\n" + xml))
                .isEqualTo(new GetParameterValues(List.of("InternetGatewayDevice.LANDevice.1.WLANConfiguration.1.")));
    }

    @Test
    void setParameterValuesWithoutTypesFromAScript() throws Exception {
        String xml = HEAD + """
                    <cwmp:SetParameterValues>
                      <ParameterList>
                        <ParameterValueStruct>
                          <Name>InternetGatewayDevice.LANDevice.1.WLANConfiguration.1.Enable</Name>
                          <Value>1</Value>
                        </ParameterValueStruct>
                      </ParameterList>
                    </cwmp:SetParameterValues>
                """ + TAIL;
        assertThat(codec.parseScriptEnvelope(xml)).isEqualTo(new SetParameterValues(List.of(
                ParameterValue.of("InternetGatewayDevice.LANDevice.1.WLANConfiguration.1.Enable", "1")), ""));
    }

    @Test
    void onlyRequestsAnAcsSendsAreAccepted() {
        assertThat(refuse(CannedEnvelopes.text("cwmp-1-0-igd/inform.xml")).reason()).isEqualTo(Reason.INVALID_ARGUMENT);
        assertThat(refuse(CannedEnvelopes.text("cwmp-1-2-device/get-parameter-values-response.xml")).getMessage())
                .contains("GetParameterValuesResponse");
        assertThat(refuse("   ").reason()).isEqualTo(Reason.INVALID_ARGUMENT);
        assertThat(refuse(CannedEnvelopes.text("deviations/empty-body.xml")).getMessage()).contains("no body");
        assertThat(refuse(CannedEnvelopes.text("hostile/xxe-file.xml")).reason()).isEqualTo(Reason.FORBIDDEN);
        assertThat(refuse("<cwmp:Reboot xmlns:cwmp=\"urn:dslforum-org:cwmp-1-0\"/>").reason()).isEqualTo(Reason.MALFORMED);
    }

    private CwmpParseException refuse(String xml) {
        return catchThrowableOfType(CwmpParseException.class, () -> codec.parseScriptEnvelope(xml));
    }
}
