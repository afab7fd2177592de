package io.coral.simulator.cwmp;

import static org.assertj.core.api.Assertions.assertThat;

import io.coral.cwmp.EventCodes;
import io.coral.cwmp.Inform;
import io.coral.simulator.Main;
import org.junit.jupiter.api.Test;

/** The picocli entry point against the canned ACS: exit status and what the devices send. */
class MainTest {

    @Test
    void cwmpRunsForTheDurationAndExitsZeroWhenAllWent() throws Exception {
        try (TestAcs acs = new TestAcs()) {
            int status = Main.run("cwmp", "--acs-url", acs.url(), "--count", "3", "--prefix", "CLI", "--model", "tr181",
                    "--ramp", "100/s", "--duration", "2s", "--quiet");
            assertThat(status).isZero();
            assertThat(acs.informs).hasSize(3).allSatisfy(i -> assertThat(i.hasEvent(EventCodes.BOOTSTRAP)).isTrue())
                    .extracting(i -> i.deviceId().serialNumber())
                    .containsExactlyInAnyOrder("CLI000001", "CLI000002", "CLI000003");
            Inform any = acs.informs.peek();
            assertThat(any.parameter("Device.DeviceInfo.SoftwareVersion")).isEqualTo("1.0.0");
        }
    }

    @Test
    void failuresAndBadUsageGiveNonZeroStatus() {
        assertThat(Main.run("cwmp", "--acs-url", "http://127.0.0.1:9/", "--duration", "1s", "--quiet")).isEqualTo(1);
        assertThat(Main.run("cwmp", "--count", "2")).isEqualTo(2);
        assertThat(Main.run("usp", "--broker", "tcp://127.0.0.1:1", "--mqtt-version", "4", "--duration", "1s"))
                .isNotZero();
    }
}
