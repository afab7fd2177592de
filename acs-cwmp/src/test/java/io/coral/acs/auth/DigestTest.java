package io.coral.acs.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DigestTest {

    @Test
    void rfc2617Example() {
        String ha1 = Digest.ha1("Mufasa", "testrealm@host.com", "Circle Of Life");
        assertThat(Digest.response(ha1, "GET", "/dir/index.html", "dcd98b7102dd2f0e8b11d0f600bfb0c093", "00000001",
                "0a4f113b", "auth")).isEqualTo("6629fae49393a05397450978507c4ef1");
    }

    @Test
    void parsesQuotedAndBareParameters() {
        Map<String, String> p = Digest.parse("Digest username=\"Mufasa\", realm=\"a, \\\"b\\\"\", nc=00000001, "
                + "qop=auth,uri=\"/x?y=1\"");
        assertThat(p).containsEntry("username", "Mufasa").containsEntry("realm", "a, \"b\"")
                .containsEntry("nc", "00000001").containsEntry("qop", "auth").containsEntry("uri", "/x?y=1");
        assertThat(Digest.parse("Basic Zm9vOmJhcg==")).isNull();
        assertThat(Digest.parse(null)).isNull();
        assertThat(Digest.parse("Digest garbage-without-equals")).isEmpty();
    }
}
