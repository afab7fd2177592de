package io.coral.acs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** CPE authentication: Digest and Basic, one configured pair or per-device credentials from the store. */
class AcsAuthTest {

    private static final Pattern PARAM = Pattern.compile("(\\w+)=(?:\"([^\"]*)\"|([^,\\s]*))");

    static Map<String, String> challenge(TestCpe.Reply r) {
        String h = r.headers().firstValue("www-authenticate").orElseThrow();
        Map<String, String> p = new HashMap<>();
        Matcher m = PARAM.matcher(h.substring(h.indexOf(' ') + 1));
        while (m.find()) {
            p.put(m.group(1), m.group(2) != null ? m.group(2) : m.group(3));
        }
        p.put("scheme", h.substring(0, h.indexOf(' ')));
        return p;
    }

    /** The Authorization header a CPE computes for a challenge (RFC 2617, qop=auth). */
    static String digest(Map<String, String> c, String user, String password, String uri) {
        String ha1 = TestCrServer.md5(user + ":" + c.get("realm") + ":" + password);
        String ha2 = TestCrServer.md5("POST:" + uri);
        String cnonce = "0a4f113b";
        String response = TestCrServer.md5(ha1 + ":" + c.get("nonce") + ":00000001:" + cnonce + ":auth:" + ha2);
        return "Digest username=\"" + user + "\", realm=\"" + c.get("realm") + "\", nonce=\"" + c.get("nonce")
                + "\", uri=\"" + uri + "\", qop=auth, nc=00000001, cnonce=\"" + cnonce + "\", response=\""
                + response + "\", algorithm=MD5";
    }

    @Test
    void digestChallengeAndResponseWithTheConfiguredPair() {
        try (AcsHarness h = AcsHarness.start(b -> b.authMode(AuthMode.DIGEST).credentials("cpe", "s3cret")
                .realm("coral-acs"))) {
            TestCpe cpe = h.cpe(Dialect.CWMP10, "AUTH-D1");
            TestCpe.Reply first = cpe.inform("1 BOOT");
            assertThat(first.status()).isEqualTo(401);
            Map<String, String> c = challenge(first);
            assertThat(c.get("scheme")).isEqualTo("Digest");
            assertThat(c.get("realm")).isEqualTo("coral-acs");
            assertThat(c.get("qop")).isEqualTo("auth");
            assertThat(h.store.devices().find("AUTH-D1")).isEmpty();

            cpe.authorization = digest(c, "cpe", "wrong", "/");
            assertThat(cpe.inform("1 BOOT").status()).isEqualTo(401);
            cpe.authorization = digest(c, "cpe", "s3cret", "/");
            TestCpe.Reply ok = cpe.inform("1 BOOT");
            assertThat(ok.status()).isEqualTo(200);
            assertThat(ok.method()).isEqualTo("InformResponse");
            // The rest of the session rides on the authenticated session.
            cpe.authorization = null;
            assertThat(cpe.emptyPost().status()).isEqualTo(204);
            assertThat(h.store.devices().find("AUTH-D1")).isPresent();

            // A nonce the ACS never issued is answered with a fresh challenge.
            Map<String, String> forged = new HashMap<>(c);
            forged.put("nonce", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
            cpe.authorization = digest(forged, "cpe", "s3cret", "/");
            TestCpe.Reply again = cpe.inform("2 PERIODIC");
            assertThat(again.status()).isEqualTo(401);
            assertThat(challenge(again).get("nonce")).isNotEqualTo(c.get("nonce"));
        }
    }

    @Test
    void perDeviceCredentialsFromTheStoreWithDigestAndBasic() {
        try (AcsHarness h = AcsHarness.start(b -> b.authMode(AuthMode.DIGEST).credentialsFromStore(true))) {
            h.store.credentials().createOrUpdate("dev-7", "pw-7", "coral");
            TestCpe cpe = h.cpe(Dialect.CWMP12, "AUTH-S1");
            Map<String, String> c = challenge(cpe.inform("1 BOOT"));
            cpe.authorization = digest(c, "dev-7", "pw-7", "/");
            assertThat(cpe.inform("1 BOOT").status()).isEqualTo(200);
            cpe.authorization = null;
            assertThat(cpe.emptyPost().status()).isEqualTo(204);
            cpe.authorization = digest(c, "dev-8", "pw-7", "/");
            assertThat(cpe.inform("1 BOOT").status()).isEqualTo(401);
        }
        try (AcsHarness h = AcsHarness.start(b -> b.authMode(AuthMode.BASIC).credentialsFromStore(true))) {
            h.store.credentials().createOrUpdate("dev-9", "pw-9", "coral");
            TestCpe cpe = h.cpe(Dialect.CWMP14, "AUTH-B1");
            TestCpe.Reply first = cpe.inform("1 BOOT");
            assertThat(first.status()).isEqualTo(401);
            assertThat(challenge(first).get("scheme")).isEqualTo("Basic");
            cpe.authorization = "Basic " + Base64.getEncoder().encodeToString("dev-9:nope".getBytes(StandardCharsets.UTF_8));
            assertThat(cpe.inform("1 BOOT").status()).isEqualTo(401);
            cpe.authorization = "Basic " + Base64.getEncoder().encodeToString("dev-9:pw-9".getBytes(StandardCharsets.UTF_8));
            assertThat(cpe.inform("1 BOOT").status()).isEqualTo(200);
            assertThat(cpe.emptyPost().status()).isEqualTo(204);
            // the verified pair is remembered: the second Inform needs no second PBKDF2
            assertThat(cpe.inform("2 PERIODIC").status()).isEqualTo(200);
            assertThat(cpe.emptyPost().status()).isEqualTo(204);
        }
    }
}
