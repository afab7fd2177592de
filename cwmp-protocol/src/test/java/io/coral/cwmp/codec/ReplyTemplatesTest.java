package io.coral.cwmp.codec;

import io.coral.cwmp.CwmpMessage;
import io.coral.cwmp.CwmpNamespace;
import io.coral.cwmp.Envelope;
import io.coral.cwmp.FactoryReset;
import io.coral.cwmp.GetRPCMethods;
import io.coral.cwmp.InformResponse;
import io.coral.cwmp.TransferCompleteResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Templated replies are byte for byte what the writers produce, for any ID, namespace and header set. */
class ReplyTemplatesTest {

    private final CwmpCodec codec = CwmpCodec.create();

    @Test
    void templatedRepliesEqualTheSaajWriter() {
        Random random = new Random(7);
        List<CwmpMessage> bodies = List.of(new InformResponse(1), new GetRPCMethods(), new FactoryReset(),
                new TransferCompleteResponse());
        for (CwmpNamespace ns : CwmpNamespace.values()) {
            for (CwmpMessage body : bodies) {
                for (int i = 0; i < 20; i++) {
                    Envelope e = Envelope.of(randomId(random), ns, body);
                    if (i % 3 == 1) {
                        e = e.withHoldRequests(true);
                    } else if (i % 3 == 2) {
                        e = e.withSessionTimeout(60).withUseCwmpVersion("1.4");
                    }
                    String expected = new String(codec.encode(e), StandardCharsets.UTF_8);
                    assertThat(new String(codec.encodeStreaming(e), StandardCharsets.UTF_8)).isEqualTo(expected);
                    assertThat(new String(codec.encodeStreaming(e), StandardCharsets.UTF_8)).isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void idsThatNeedEscapingAreWrittenByTheWriter() throws Exception {
        for (String id : List.of("a&b", "<x>", "quote\"d", "it's", "tab\there", "caf\u00e9", "x".repeat(100))) {
            Envelope e = Envelope.of(id, CwmpNamespace.CWMP_1_0, new InformResponse(1));
            byte[] bytes = codec.encodeStreaming(e);
            assertThat(new String(bytes, StandardCharsets.UTF_8))
                    .isEqualTo(new String(codec.encode(e), StandardCharsets.UTF_8));
            assertThat(codec.decodeStreaming(bytes).id()).isEqualTo(id);
        }
    }

    @Test
    void messagesWithArgumentsAreNeverTemplated() {
        assertThat(ReplyTemplates.plainId("12")).isTrue();
        assertThat(ReplyTemplates.plainId("a<b")).isFalse();
        Envelope first = Envelope.of("1", CwmpNamespace.CWMP_1_2, new InformResponse(1));
        Envelope other = Envelope.of("1", CwmpNamespace.CWMP_1_2, new InformResponse(2));
        assertThat(codec.encodeStreaming(first)).isNotEqualTo(codec.encodeStreaming(other));
        assertThat(new String(codec.encodeStreaming(other), StandardCharsets.UTF_8)).contains(">2</MaxEnvelopes>");
    }

    private static String randomId(Random random) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 ._:-/";
        StringBuilder sb = new StringBuilder();
        int n = 1 + random.nextInt(20);
        for (int i = 0; i < n; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
