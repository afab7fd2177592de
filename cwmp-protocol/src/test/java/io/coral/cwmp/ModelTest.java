package io.coral.cwmp;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Event codes, parameter types, namespaces and fault strings. */
class ModelTest {

    @Test
    void indexOfEveryStandardCode() {
        String[] codes = {EventCodes.BOOTSTRAP, EventCodes.BOOT, EventCodes.PERIODIC, EventCodes.SCHEDULED,
                EventCodes.VALUE_CHANGE, EventCodes.KICKED, EventCodes.CONNECTION_REQUEST, EventCodes.TRANSFER_COMPLETE,
                EventCodes.DIAGNOSTICS_COMPLETE, EventCodes.REQUEST_DOWNLOAD, EventCodes.AUTONOMOUS_TRANSFER_COMPLETE,
                EventCodes.DU_STATE_CHANGE_COMPLETE, EventCodes.AUTONOMOUS_DU_STATE_CHANGE_COMPLETE, EventCodes.WAKEUP,
                EventCodes.HEARTBEAT};
        for (int i = 0; i < codes.length; i++) {
            assertThat(EventCodes.index(codes[i])).as(codes[i]).isEqualTo(Integer.toString(i));
        }
    }

    @Test
    void methodAndVendorCodesHaveNoIndex() {
        assertThat(EventCodes.index(EventCodes.M_REBOOT)).isNull();
        assertThat(EventCodes.index("M Download")).isNull();
        assertThat(EventCodes.index("X 00D0D0 Custom")).isNull();
        assertThat(EventCodes.index("")).isNull();
        assertThat(EventCodes.index(null)).isNull();
        assertThat(EventCodes.index("15 FUTURE")).isNull();
        assertThat(EventCodes.index("1BOOT")).isNull();
        assertThat(EventCodes.isMethodEvent("M ScheduleInform")).isTrue();
        assertThat(EventCodes.isMethodEvent("1 BOOT")).isFalse();
    }

    @Test
    void sloppySpellingsStillMapByNumber() {
        assertThat(EventCodes.index(" 1 boot ")).isEqualTo("1");
        assertThat(EventCodes.index("4  VALUE CHANGE")).isEqualTo("4");
        assertThat(new EventStruct("2 PERIODIC").index()).isEqualTo("2");
    }

    @Test
    void parameterValueTypesAreNormalized() {
        assertThat(new ParameterValue("a", "1", null).type()).isEqualTo("xsd:string");
        assertThat(new ParameterValue("a", "1", "int").type()).isEqualTo("xsd:int");
        assertThat(new ParameterValue("a", "1", "xs:dateTime").type()).isEqualTo("xsd:dateTime");
        assertThat(new ParameterValue("a", null, "xsd:boolean").localType()).isEqualTo("boolean");
        assertThat(new ParameterValue(" a ", null, null)).isEqualTo(ParameterValue.of("a", ""));
    }

    @Test
    void namespacesByUri() {
        for (CwmpNamespace ns : CwmpNamespace.values()) {
            assertThat(CwmpNamespace.fromUri(" " + ns.uri())).isEqualTo(ns);
        }
        assertThat(CwmpNamespace.fromUri("urn:dslforum-org:cwmp-1-5")).isNull();
        assertThat(CwmpNamespace.looksLikeCwmp("urn:dslforum-org:cwmp-1-5")).isTrue();
    }

    @Test
    void standardFaultStrings() {
        assertThat(CwmpFault.of(9005)).isEqualTo(new CwmpFault(9005, "Invalid parameter name"));
        assertThat(CwmpFault.of(8006).faultString()).isEqualTo("ACS version incompatible with CPE");
        assertThat(CwmpFault.of(9850).faultString()).isEqualTo("Fault 9850");
        assertThat(CwmpFault.of(9003).soapFaultCode()).isEqualTo("Client");
        assertThat(CwmpFault.of(9002).soapFaultCode()).isEqualTo("Server");
        assertThat(new CwmpFault(9002, null).parameterFaults()).isEmpty();
    }

    @Test
    void envelopeHelpers() {
        Envelope request = Envelope.of("abc", CwmpNamespace.CWMP_1_3, new GetRPCMethods()).withHoldRequests(true);
        Envelope reply = request.reply(new GetRPCMethodsResponse(java.util.List.of("Inform")));
        assertThat(reply.id()).isEqualTo("abc");
        assertThat(reply.namespace()).isEqualTo(CwmpNamespace.CWMP_1_3);
        assertThat(reply.holdRequests()).isFalse();
        assertThat(Envelope.EMPTY.isEmpty()).isTrue();
        assertThat(new GetRPCMethods().methodName()).isEqualTo("GetRPCMethods");
        assertThat(new CwmpFault(9000, "x").methodName()).isEqualTo("Fault");
    }

    @Test
    void passwordsAreMaskedInToString() {
        Download d = new Download("k", "1 Firmware Upgrade Image", "http://h/f", "user", "s3cret", 1, "f", 0, "", "");
        assertThat(d.toString()).contains("user").contains("password=***").doesNotContain("s3cret");
        assertThat(new Upload("k", "2", "u", "n", "pw1", 0).toString()).doesNotContain("pw1");
        assertThat(new ScheduleDownload("k", "1", "u", "n", "pw2", 0, "", java.util.List.of()).toString())
                .doesNotContain("pw2");
        assertThat(new DuOperation.Install("u", "id", "n", "pw3", "").toString()).doesNotContain("pw3");
        assertThat(new DuOperation.Update("id", "1", "u", "n", "pw4").toString()).doesNotContain("pw4");
        assertThat(new Download("k", "", "", "", "", 0, "", 0, "", "").toString()).contains("password=,");
    }
}
