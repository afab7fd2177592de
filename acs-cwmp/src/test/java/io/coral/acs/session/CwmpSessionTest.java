package io.coral.acs.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.coral.cwmp.AcsResponse;
import io.coral.cwmp.CpeRequest;
import io.coral.cwmp.CwmpFault;
import io.coral.cwmp.CwmpMessage;
import io.coral.cwmp.CwmpNamespace;
import io.coral.cwmp.DeviceId;
import io.coral.cwmp.Envelope;
import io.coral.cwmp.EventStruct;
import io.coral.cwmp.GetParameterValues;
import io.coral.cwmp.GetParameterValuesResponse;
import io.coral.cwmp.GetRPCMethods;
import io.coral.cwmp.GetRPCMethodsResponse;
import io.coral.cwmp.Inform;
import io.coral.cwmp.InformResponse;
import io.coral.cwmp.ParameterValue;
import io.coral.cwmp.Reboot;
import io.coral.cwmp.RebootResponse;
import io.coral.cwmp.TransferComplete;
import io.coral.cwmp.TransferCompleteResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The session state machine on its own: envelopes in, envelopes out, no sockets, no store. */
class CwmpSessionTest {

    /** An in-memory service side: a queue of requests to send and a log of what happened. */
    static final class QueuePort implements SessionPort {
        final Deque<Outgoing> queue = new ArrayDeque<>();
        final List<String> log = new ArrayList<>();
        boolean refuseInform;

        @Override
        public void inform(CwmpSession s) {
            if (refuseInform) {
                throw new IllegalStateException("store down");
            }
            log.add("inform " + s.sn());
        }

        @Override
        public boolean hasTasks(CwmpSession s) {
            return !queue.isEmpty();
        }

        @Override
        public AcsResponse cpeRequest(CwmpSession s, CpeRequest r) {
            log.add("cpe " + r.methodName());
            return r instanceof GetRPCMethods ? new GetRPCMethodsResponse(List.of("Inform"))
                    : new TransferCompleteResponse();
        }

        @Override
        public Optional<Outgoing> nextRequest(CwmpSession s) {
            return Optional.ofNullable(queue.poll());
        }

        @Override
        public void answered(CwmpSession s, Outgoing sent, CwmpMessage answer, String raw) {
            log.add("answered " + sent.taskId() + " " + answer.methodName());
        }

        @Override
        public void abandoned(CwmpSession s, Outgoing sent, String reason) {
            log.add("abandoned " + sent.taskId() + " (" + reason + ")");
        }

        @Override
        public void ended(CwmpSession s, String reason) {
            log.add("ended " + reason);
        }
    }

    static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    static Envelope inform(CwmpNamespace ns, String sn) {
        Inform i = new Inform(new DeviceId("Acme", "00D09E", "IGD", sn), List.of(new EventStruct("1 BOOT")), 1,
                "2026-11-23T10:00:00Z", 0, List.of(ParameterValue.of("Device.DeviceInfo.SoftwareVersion", "1")));
        return Envelope.of("i-1", ns, i);
    }

    static CwmpSession open(QueuePort port, Envelope inform, boolean hold) {
        CwmpSession.Opened o = CwmpSession.open("s1", inform, "192.0.2.1", null, T0, Duration.ofSeconds(30), hold,
                port);
        assertThat(o.session()).isNotNull();
        return o.session();
    }

    @Test
    void informThenCpeRequestsThenTasksThenEnd() {
        QueuePort port = new QueuePort();
        port.queue.add(new Outgoing("t1", "GetParameterValues", new GetParameterValues(List.of("Device.")), null));
        port.queue.add(new Outgoing("t2", "Reboot", new Reboot("k"), null));
        CwmpSession.Opened o = CwmpSession.open("s1", inform(CwmpNamespace.CWMP_1_2, "SN1"), "192.0.2.1", null, T0,
                Duration.ofSeconds(30), false, port);
        Envelope ir = o.reply().envelope();
        assertThat(ir.body()).isEqualTo(new InformResponse(1));
        assertThat(ir.id()).isEqualTo("i-1");
        assertThat(ir.namespace()).isEqualTo(CwmpNamespace.CWMP_1_2);
        assertThat(ir.holdRequests()).isFalse();
        CwmpSession s = o.session();

        SessionReply tc = s.handle(Envelope.of("c-1", CwmpNamespace.CWMP_1_2,
                new TransferComplete("k0", null, "", "")), "", T0);
        assertThat(tc.envelope().body()).isInstanceOf(TransferCompleteResponse.class);
        assertThat(tc.envelope().id()).isEqualTo("c-1");

        SessionReply r1 = s.handle(Envelope.EMPTY, "", T0);
        assertThat(r1.envelope().body()).isInstanceOf(GetParameterValues.class);
        assertThat(r1.envelope().namespace()).isEqualTo(CwmpNamespace.CWMP_1_2);
        String id1 = r1.envelope().id();
        assertThat(s.state()).isEqualTo(CwmpSession.State.AWAIT_ANSWER);

        SessionReply r2 = s.handle(Envelope.of(id1, CwmpNamespace.CWMP_1_2,
                new GetParameterValuesResponse(List.of())), "<raw/>", T0);
        assertThat(r2.envelope().body()).isInstanceOf(Reboot.class);
        assertThat(r2.envelope().id()).isNotEqualTo(id1);

        SessionReply end = s.handle(Envelope.of(r2.envelope().id(), CwmpNamespace.CWMP_1_2, new RebootResponse()),
                "", T0);
        assertThat(end.isEmpty()).isTrue();
        assertThat(end.ended()).isTrue();
        assertThat(s.ended()).isTrue();
        assertThat(port.log).containsExactly("inform SN1", "cpe TransferComplete", "answered t1 GetParameterValuesResponse",
                "answered t2 RebootResponse", "ended completed");
        // An ended session answers nothing more.
        assertThat(s.handle(Envelope.EMPTY, "", T0).ended()).isTrue();
    }

    @Test
    void answersMustMatchTheOutstandingIdAndMethod() {
        QueuePort port = new QueuePort();
        port.queue.add(new Outgoing("t1", "Reboot", new Reboot(""), null));
        CwmpSession s = open(port, inform(CwmpNamespace.CWMP_1_0, "SN2"), false);
        String id = s.handle(Envelope.EMPTY, "", T0).envelope().id();

        SessionReply wrongId = s.handle(Envelope.of("other", CwmpNamespace.CWMP_1_0, new RebootResponse()), "", T0);
        assertThat(((CwmpFault) wrongId.envelope().body()).faultCode()).isEqualTo(8003);
        SessionReply wrongType = s.handle(Envelope.of(id, CwmpNamespace.CWMP_1_0,
                new GetParameterValuesResponse(List.of())), "", T0);
        assertThat(((CwmpFault) wrongType.envelope().body()).faultCode()).isEqualTo(8003);
        // Some CPEs leave cwmp:ID out of their answers: accepted when the method fits.
        SessionReply noId = s.handle(Envelope.of(null, CwmpNamespace.CWMP_1_0, new RebootResponse()), "", T0);
        assertThat(noId.ended()).isTrue();
        assertThat(port.log).contains("answered t1 RebootResponse");

        QueuePort p2 = new QueuePort();
        CwmpSession idle = open(p2, inform(CwmpNamespace.CWMP_1_0, "SN3"), false);
        SessionReply unexpected = idle.handle(Envelope.of("x", CwmpNamespace.CWMP_1_0, new RebootResponse()), "", T0);
        assertThat(((CwmpFault) unexpected.envelope().body()).faultCode()).isEqualTo(8003);
    }

    @Test
    void cpeFaultAnswersTheTaskAndAnEmptyPostAbandonsIt() {
        QueuePort port = new QueuePort();
        port.queue.add(new Outgoing("t1", "Reboot", new Reboot(""), null));
        port.queue.add(new Outgoing("t2", "Reboot", new Reboot(""), null));
        CwmpSession s = open(port, inform(CwmpNamespace.CWMP_1_4, "SN4"), false);
        String id = s.handle(Envelope.EMPTY, "", T0).envelope().id();
        SessionReply next = s.handle(Envelope.of(id, CwmpNamespace.CWMP_1_4, new CwmpFault(9001, "denied")), "", T0);
        assertThat(next.envelope().body()).isInstanceOf(Reboot.class);
        SessionReply end = s.handle(Envelope.EMPTY, "", T0);
        assertThat(end.ended()).isTrue();
        assertThat(port.log).contains("answered t1 Fault", "abandoned t2 (empty POST instead of an answer)");
    }

    @Test
    void holdRequestsUntilTheAcsIsDone() {
        QueuePort port = new QueuePort();
        port.queue.add(new Outgoing("t1", "Reboot", new Reboot(""), null));
        CwmpSession.Opened o = CwmpSession.open("s1", inform(CwmpNamespace.CWMP_1_2, "SN5"), "ip", null, T0,
                Duration.ofSeconds(30), true, port);
        assertThat(o.reply().envelope().holdRequests()).isTrue();
        CwmpSession s = o.session();
        SessionReply req = s.handle(Envelope.EMPTY, "", T0);
        assertThat(req.envelope().holdRequests()).isTrue();
        SessionReply release = s.handle(Envelope.of(req.envelope().id(), CwmpNamespace.CWMP_1_2, new RebootResponse()),
                "", T0);
        assertThat(release.isEmpty()).isTrue();
        assertThat(release.ended()).as("the held CPE may still have requests").isFalse();
        SessionReply tc = s.handle(Envelope.of("c", CwmpNamespace.CWMP_1_2, new TransferComplete("k", null, "", "")),
                "", T0);
        assertThat(tc.envelope().holdRequests()).isFalse();
        assertThat(s.handle(Envelope.EMPTY, "", T0).ended()).isTrue();

        // Nothing queued: no hold even when configured.
        CwmpSession.Opened none = CwmpSession.open("s2", inform(CwmpNamespace.CWMP_1_2, "SN6"), "ip", null, T0,
                Duration.ofSeconds(30), true, new QueuePort());
        assertThat(none.reply().envelope().holdRequests()).isFalse();
    }

    @Test
    void versionNegotiationAndSessionTimeout() {
        Envelope in = inform(CwmpNamespace.CWMP_1_2, "SN7").withSupportedCwmpVersions("1.0,1.1,1.2,1.3,1.4")
                .withSessionTimeout(120);
        CwmpSession.Opened o = CwmpSession.open("s1", in, "ip", null, T0, Duration.ofSeconds(30), false,
                new QueuePort());
        assertThat(o.reply().envelope().useCwmpVersion()).isEqualTo("1.4");
        assertThat(o.session().cwmpVersion()).isEqualTo("1.4");
        assertThat(o.session().timeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(o.session().expired(T0.plusSeconds(100))).isFalse();
        assertThat(o.session().expired(T0.plusSeconds(121))).isTrue();

        CwmpSession.Opened older = CwmpSession.open("s2", inform(CwmpNamespace.CWMP_1_2, "SN8")
                .withSupportedCwmpVersions("1.0, 1.2"), "ip", null, T0, Duration.ofSeconds(30), false, new QueuePort());
        assertThat(older.reply().envelope().useCwmpVersion()).isEqualTo("1.2");

        CwmpSession.Opened none = CwmpSession.open("s3", inform(CwmpNamespace.CWMP_1_2, "SN9")
                .withSupportedCwmpVersions("2.0"), "ip", null, T0, Duration.ofSeconds(30), false, new QueuePort());
        assertThat(none.session()).isNull();
        assertThat(((CwmpFault) none.reply().envelope().body()).faultCode()).isEqualTo(8006);
    }

    @Test
    void informWithoutSerialNumberOpensNothingAndTimeoutAbandons() {
        QueuePort port = new QueuePort();
        CwmpSession.Opened o = CwmpSession.open("s1", inform(CwmpNamespace.CWMP_1_0, " "), "ip", null, T0,
                Duration.ofSeconds(30), false, port);
        assertThat(o.session()).isNull();
        assertThat(((CwmpFault) o.reply().envelope().body()).faultCode()).isEqualTo(8003);
        assertThat(port.log).isEmpty();

        port.queue.add(new Outgoing("t1", "Reboot", new Reboot(""), null));
        CwmpSession s = open(port, inform(CwmpNamespace.CWMP_1_0, "SN10"), false);
        s.handle(Envelope.EMPTY, "", T0);
        assertThat(s.expired(T0.plusSeconds(31))).isTrue();
        s.abort("session timeout");
        assertThat(port.log).contains("abandoned t1 (session timeout)", "ended session timeout");
        assertThat(s.expired(T0.plusSeconds(100))).isFalse();

        QueuePort refusing = new QueuePort();
        refusing.refuseInform = true;
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> open(refusing, inform(CwmpNamespace.CWMP_1_0, "X"),
                false)).hasMessageContaining("store down");
    }
}
