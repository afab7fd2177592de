package io.coral.acs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.coral.store.Task;
import io.coral.store.TaskState;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** HoldRequests, and tasks whose request got no answer: retried with backoff, then given up. */
class AcsHoldAndRetryTest {

    static AcsHarness h;

    @BeforeAll
    static void up() {
        h = AcsHarness.start(b -> b.holdRequests(true).sessionTimeout(Duration.ofSeconds(1))
                .taskBackoff(Duration.ofMillis(1)).taskMaxAttempts(2));
    }

    @AfterAll
    static void down() {
        h.close();
    }

    private static boolean holds(TestCpe.Reply r) {
        String v = r.element("HoldRequests");
        return "1".equals(v) || "true".equals(v);
    }

    @Test
    void heldCpeRequestsComeAfterTheAcsRequests() {
        TestCpe cpe = h.cpe(Dialect.CWMP10, "HOLD-1");
        TestCpe.Reply first = cpe.inform("1 BOOT");
        assertThat(holds(first)).isFalse();
        cpe.emptyPost();
        h.queue("HOLD-1", "Reboot", "{\"command_key\": \"h\"}");

        TestCpe.Reply ir = cpe.inform("1 BOOT", "7 TRANSFER COMPLETE");
        assertThat(ir.method()).isEqualTo("InformResponse");
        assertThat(holds(ir)).isTrue();
        // Held, the CPE sends an empty POST even though it still has a TransferComplete to deliver.
        TestCpe.Reply reboot = cpe.emptyPost();
        assertThat(reboot.method()).isEqualTo("Reboot");
        assertThat(holds(reboot)).isTrue();
        TestCpe.Reply release = cpe.respond(reboot, "RebootResponse");
        assertThat(release.status()).isEqualTo(204);
        // The empty reply released the hold; the session is still open for the CPE's own requests.
        assertThat(h.acs.sessions()).isEqualTo(1);
        TestCpe.Reply tc = cpe.request("TransferComplete", Map.of("KEY", "k"));
        assertThat(tc.method()).isEqualTo("TransferCompleteResponse");
        assertThat(holds(tc)).isFalse();
        assertThat(cpe.emptyPost().status()).isEqualTo(204);
        assertThat(h.acs.sessions()).isZero();
    }

    @Test
    void unansweredRequestIsRetriedThenGivenUp() {
        TestCpe cpe = h.cpe(Dialect.CWMP12, "RETRY-1");
        cpe.inform("1 BOOT");
        cpe.emptyPost();
        String id = h.queue("RETRY-1", "GetParameterValues", "{\"names\": [\"Device.DeviceInfo.UpTime\"]}").taskId();

        cpe.inform("2 PERIODIC");
        assertThat(cpe.emptyPost().method()).isEqualTo("GetParameterValues");
        // No answer: the session times out and the task goes back to the queue.
        await().atMost(Duration.ofSeconds(10)).until(() -> h.store.tasks().find(id).orElseThrow().state()
                == TaskState.QUEUED);
        Task t = h.store.tasks().find(id).orElseThrow();
        assertThat(t.attempts()).isEqualTo(1);
        assertThat(AcsHarness.readTree(t.error()).get("code").asText()).isEqualTo("timeout");

        // Second attempt: the CPE moves on with an empty POST instead of answering, the last attempt is spent.
        cpe.inform("2 PERIODIC");
        assertThat(cpe.emptyPost().method()).isEqualTo("GetParameterValues");
        assertThat(cpe.emptyPost().status()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(10)).until(() -> h.store.tasks().find(id).orElseThrow().state()
                == TaskState.FAULT);
        JsonNode done = h.awaitEvent("coral.events.cwmp.task.RETRY-1", j -> j.get("task_id").asText().equals(id))
                .json();
        assertThat(done.get("error").get("code").asText()).isEqualTo("timeout");
    }

    @Test
    void aNewInformRetriesWhatTheOldSessionLeftUnanswered() {
        TestCpe cpe = h.cpe(Dialect.CWMP14, "RETRY-2");
        cpe.inform("1 BOOT");
        cpe.emptyPost();
        String id = h.queue("RETRY-2", "Reboot", "{}").taskId();
        cpe.inform("2 PERIODIC");
        TestCpe.Reply first = cpe.emptyPost();
        assertThat(first.method()).isEqualTo("Reboot");
        // The CPE starts over (e.g. it lost the connection): the same task is sent again in the new session.
        TestCpe fresh = h.cpe(Dialect.CWMP14, "RETRY-2");
        fresh.inform("2 PERIODIC");
        TestCpe.Reply again = fresh.emptyPost();
        assertThat(again.method()).isEqualTo("Reboot");
        assertThat(again.id()).isNotEqualTo(first.id());
        assertThat(fresh.respond(again, "RebootResponse").status()).isEqualTo(204);
        assertThat(h.store.tasks().find(id).orElseThrow().state()).isEqualTo(TaskState.DONE);
        assertThat(h.store.tasks().find(id).orElseThrow().attempts()).isEqualTo(2);
    }
}
