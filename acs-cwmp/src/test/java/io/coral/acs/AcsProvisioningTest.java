package io.coral.acs;

import static org.assertj.core.api.Assertions.assertThat;

import io.coral.store.Device;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** On BOOTSTRAP the ACS gives the CPE random connection-request credentials and keeps them for its requests. */
class AcsProvisioningTest {

    @Test
    void bootstrapProvisionsConnectionRequestCredentials() {
        try (AcsHarness h = AcsHarness.start(b -> b.provisionConnectionRequestCredentials(true))) {
            TestCpe cpe = h.cpe(Dialect.CWMP12, "PROV-1");
            assertThat(cpe.inform("0 BOOTSTRAP", "1 BOOT").method()).isEqualTo("InformResponse");
            TestCpe.Reply spv = cpe.emptyPost();
            assertThat(spv.method()).isEqualTo("SetParameterValues");
            Matcher user = Pattern.compile("ConnectionRequestUsername</Name>\\s*<Value[^>]*>([^<]+)</Value>")
                    .matcher(spv.body());
            Matcher pass = Pattern.compile("ConnectionRequestPassword</Name>\\s*<Value[^>]*>([^<]+)</Value>")
                    .matcher(spv.body());
            assertThat(user.find()).isTrue();
            assertThat(pass.find()).isTrue();
            assertThat(pass.group(1)).hasSizeGreaterThanOrEqualTo(20);
            assertThat(h.store.devices().find("PROV-1").orElseThrow().cwmp().connectionRequestUsername()).isNull();

            assertThat(cpe.post(cpe.envelope(spv.id(), "SetParameterValuesResponse", Map.of())
                    .replace("<Status>1</Status>", "<Status>0</Status>")).status()).isEqualTo(204);
            Device.CwmpInfo info = h.store.devices().find("PROV-1").orElseThrow().cwmp();
            assertThat(info.connectionRequestUsername()).isEqualTo(user.group(1));
            assertThat(info.connectionRequestPassword()).isEqualTo(pass.group(1));

            // A plain BOOT does not provision again.
            cpe.inform("1 BOOT");
            assertThat(cpe.emptyPost().status()).isEqualTo(204);
        }
    }
}
