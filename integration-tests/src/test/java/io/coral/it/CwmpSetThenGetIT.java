package io.coral.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.coral.bus.Json;
import io.coral.bus.command.CwmpRpcReply;
import io.coral.bus.command.CwmpRpcRequest;
import io.coral.platform.CoralPlatform;
import io.coral.platform.config.Role;
import io.coral.simulator.cwmp.CwmpFleet;
import io.coral.store.DeviceStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Regression test for a flake of the whole-stack CWMP tests: a GetParameterValues sent right after a
 * SetParameterValues to the same CPE sometimes got no answer. The second command lands while the session that
 * ran the first is ending; it must run, in that session or in the next one, every time. Many rounds over the
 * bus ({@code cwmp.rpc.<sn>}, mode now) against a simulated CPE over real HTTP.
 */
class CwmpSetThenGetIT {
    static final String SN = "RACE-0001";
    static final String SSID = "InternetGatewayDevice.LANDevice.1.WLANConfiguration.1.SSID";
    /** Each round takes a few ms when all is well; a lost command would wait this long. */
    static final long TIMEOUT_MS = 5_000;
    static final int ROUNDS = Integer.getInteger("coral.it.setThenGetRounds", 40);

    static CoralPlatform platform;
    static CwmpFleet fleet;

    @BeforeAll
    static void start() throws Exception {
        platform = CoralPlatform.builder().inMemoryStore().host("127.0.0.1").httpPort(0).acsPort(0)
                .roles(Role.ACS).start();
        fleet = CwmpFleet.builder().acsUrl("http://127.0.0.1:" + platform.acsPort() + "/").serial(SN).model("tr098")
                .periodicInterval(3600).connectionRequestHost("127.0.0.1").connectionRequestPort(0).build();
        fleet.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> platform.store().devices().find(SN)
                .map(d -> d.status() == DeviceStatus.ONLINE && d.cwmp() != null
                        && d.cwmp().connectionRequestUrl() != null
                        && d.cwmp().connectionRequestUsername() != null).orElse(false));
    }

    @AfterAll
    static void stop() {
        if (fleet != null) fleet.close();
        if (platform != null) platform.close();
    }

    static CwmpRpcReply rpc(String rpc, Object args) {
        CwmpRpcRequest req = new CwmpRpcRequest(rpc, Json.MAPPER.valueToTree(args), null, CwmpRpcRequest.MODE_NOW,
                TIMEOUT_MS);
        return platform.bus().request(platform.bus().subjects().cwmpRpc(SN), req, CwmpRpcReply.class,
                Duration.ofMillis(TIMEOUT_MS + 5_000)).join();
    }

    @Test
    void getRightAfterSetIsAnsweredEveryRound() {
        for (int round = 0; round < ROUNDS; round++) {
            String value = "ssid-" + round;
            CwmpRpcReply set = rpc("SetParameterValues", Map.of("values", Map.of(SSID, value),
                    "parameter_key", "race-" + round));
            assertThat(set.error()).as("round %d: SetParameterValues", round).isNull();
            assertThat(set.result().path("status").asInt(-1)).as("round %d", round).isIn(0, 1);

            CwmpRpcReply get = rpc("GetParameterValues", Map.of("names", List.of(SSID)));
            assertThat(get.error()).as("round %d: GetParameterValues right after SetParameterValues", round).isNull();
            JsonNode result = get.result();
            assertThat(result.path(SSID).asText()).as("round %d", round).isEqualTo(value);
        }
    }
}
