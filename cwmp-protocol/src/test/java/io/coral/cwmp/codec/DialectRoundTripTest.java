package io.coral.cwmp.codec;

import io.coral.cwmp.AutonomousDUStateChangeComplete;
import io.coral.cwmp.ChangeDUState;
import io.coral.cwmp.CwmpMessage;
import io.coral.cwmp.CwmpNamespace;
import io.coral.cwmp.DuOperation;
import io.coral.cwmp.Envelope;
import io.coral.cwmp.Inform;
import io.coral.cwmp.InformResponse;
import io.coral.cwmp.ScheduleDownload;
import io.coral.cwmp.SetParameterAttributes;
import io.coral.cwmp.SetParameterAttributesStruct;
import io.coral.cwmp.TimeWindow;
import io.coral.cwmp.testing.CannedEnvelopes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every canned envelope of the three dialects: both decoders agree, both encoders write the same bytes, and
 * decode → encode → decode is the identity.
 */
class DialectRoundTripTest {

    private static final CwmpCodec CODEC = CwmpCodec.create();

    static Stream<String> cannedEnvelopes() {
        return CannedEnvelopes.DIALECTS.stream().flatMap(d -> CannedEnvelopes.list(d).stream());
    }

    @ParameterizedTest
    @MethodSource("cannedEnvelopes")
    void decodersAgreeAndRoundTrip(String path) throws Exception {
        byte[] xml = CannedEnvelopes.bytes(path);
        Envelope saaj = CODEC.decode(xml);
        Envelope stax = CODEC.decodeStreaming(xml);
        assertThat(stax).isEqualTo(saaj);
        assertThat(saaj.id()).isNotBlank();
        assertThat(saaj.body()).isNotNull();
        assertThat(saaj.namespace()).isEqualTo(expectedNamespace(path));

        byte[] encoded = CODEC.encode(saaj);
        assertThat(CODEC.encodeStreaming(saaj)).as("StAX writer gives SAAJ's bytes").isEqualTo(encoded);
        assertThat(CODEC.decodeStreaming(encoded)).isEqualTo(saaj);
        assertThat(new String(encoded, java.nio.charset.StandardCharsets.UTF_8))
                .contains("xmlns:cwmp=\"" + saaj.namespace().uri() + "\"")
                .contains(saaj.body().methodName());
    }

    @Test
    void everyMessageKindIsCoveredInEveryDialect() throws Exception {
        Set<Class<?>> all = leaves(CwmpMessage.class);
        assertThat(all).hasSize(49);
        for (String dialect : CannedEnvelopes.DIALECTS) {
            Set<Class<?>> seen = new HashSet<>();
            for (String path : CannedEnvelopes.list(dialect)) {
                seen.add(CODEC.decodeStreaming(CannedEnvelopes.bytes(path)).body().getClass());
            }
            assertThat(seen).as(dialect).containsExactlyInAnyOrderElementsOf(all);
        }
    }

    @Test
    void cwmp14HeadersAreRead() throws Exception {
        Envelope inform = CODEC.decodeStreaming(CannedEnvelopes.bytes("cwmp-1-4-device/inform.xml"));
        assertThat(inform.namespace()).isEqualTo(CwmpNamespace.CWMP_1_4);
        assertThat(inform.supportedCwmpVersions()).isEqualTo("1.0,1.1,1.2,1.3,1.4");
        assertThat(inform.sessionTimeout()).isEqualTo(30);
        assertThat(((Inform) inform.body()).events()).extracting(e -> e.index()).containsExactly("0", "1", "14");
        Envelope response = CODEC.decode(CannedEnvelopes.bytes("cwmp-1-4-device/inform-response.xml"));
        assertThat(response.useCwmpVersion()).isEqualTo("1.4");
        assertThat(response.holdRequests()).isTrue();
        assertThat(response.body()).isEqualTo(new InformResponse(1));
    }

    @Test
    void structuredArgumentsAreRead() throws Exception {
        ChangeDUState cds = (ChangeDUState) CODEC.decode(CannedEnvelopes.bytes("cwmp-1-2-device/change-du-state.xml")).body();
        assertThat(cds.commandKey()).isEqualTo("du-1");
        assertThat(cds.operations()).hasSize(3);
        assertThat(cds.operations().get(0)).isEqualTo(new DuOperation.Install("http://apps.example.net/app.ipk",
                "6ba7b810-9dad-11d1-80b4-00c04fd430c8", "", "", "Device.SoftwareModules.ExecEnv.1"));
        assertThat(cds.operations().get(1)).isInstanceOf(DuOperation.Update.class);
        assertThat(cds.operations().get(2)).isEqualTo(new DuOperation.Uninstall("6ba7b812-9dad-11d1-80b4-00c04fd430c8",
                "", "Device.SoftwareModules.ExecEnv.1"));

        ScheduleDownload sd = (ScheduleDownload) CODEC.decode(CannedEnvelopes.bytes("cwmp-1-0-igd/schedule-download.xml")).body();
        assertThat(sd.timeWindowList()).containsExactly(new TimeWindow(0, 3600, "1 At Any Time", "", -1),
                new TimeWindow(7200, 10800, "3 When Idle", "Update tonight", 3));

        SetParameterAttributes spa = (SetParameterAttributes) CODEC.decode(
                CannedEnvelopes.bytes("cwmp-1-4-device/set-parameter-attributes.xml")).body();
        assertThat(spa.parameterList()).containsExactly(
                SetParameterAttributesStruct.notification("Device.WiFi.SSID.1.SSID", 2),
                new SetParameterAttributesStruct("Device.DeviceInfo.SoftwareVersion", false, 0, true, List.of("Subscriber")));

        AutonomousDUStateChangeComplete adu = (AutonomousDUStateChangeComplete) CODEC.decode(
                CannedEnvelopes.bytes("cwmp-1-0-igd/autonomous-du-state-change-complete.xml")).body();
        assertThat(adu.results().get(0).operationPerformed()).isEqualTo("Install");
        assertThat(adu.results().get(0).resolved()).isTrue();
    }

    private static CwmpNamespace expectedNamespace(String path) {
        if (path.startsWith("cwmp-1-0")) {
            return CwmpNamespace.CWMP_1_0;
        }
        return path.startsWith("cwmp-1-2") ? CwmpNamespace.CWMP_1_2 : CwmpNamespace.CWMP_1_4;
    }

    /** Every record class reachable from a sealed interface. */
    static Set<Class<?>> leaves(Class<?> root) {
        Set<Class<?>> out = new HashSet<>();
        Deque<Class<?>> todo = new ArrayDeque<>(List.of(root));
        while (!todo.isEmpty()) {
            Class<?> c = todo.pop();
            if (c.isSealed()) {
                todo.addAll(List.of(c.getPermittedSubclasses()));
            } else {
                out.add(c);
            }
        }
        return out;
    }
}
