package io.coral.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coral.store.Device;
import io.coral.store.DeviceStatus;
import io.coral.store.Parameter;
import io.coral.store.Script;
import io.coral.store.StoreException;
import io.coral.store.Task;
import io.coral.store.TaskState;
import io.coral.store.mongo.MongoStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedMongoTest {

    @TempDir
    Path dataDir;

    @Test
    void inMemoryListensOnALoopbackPortAndForgetsOnClose() {
        String uri;
        try (EmbeddedMongo em = EmbeddedMongo.inMemory(); MongoStore store = MongoStore.open(em.uri())) {
            assertThat(em.port()).isPositive();
            assertThat(em.uri()).isEqualTo("mongodb://127.0.0.1:" + em.port());
            assertThat(em.file()).isNull();
            store.devices().upsertCwmp("A", null, null, "V", "M", null, null, null);
            assertThat(store.devices().count()).isEqualTo(1);
            assertThat(store.database().getName()).isEqualTo("coral");
            uri = em.uri();
        }
        try (EmbeddedMongo em = EmbeddedMongo.inMemory(); MongoStore store = MongoStore.open(em.uri("other"))) {
            assertThat(store.database().getName()).isEqualTo("other");
            assertThat(store.devices().count()).isZero();
            assertThat(em.uri()).isNotNull();
        }
        assertThat(uri).startsWith("mongodb://127.0.0.1:");
    }

    @Test
    void fileBackedDataSurvivesARestartFromItsFiles() {
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String taskId;
        try (EmbeddedMongo em = EmbeddedMongo.fileBacked(dataDir); MongoStore store = MongoStore.open(em.uri())) {
            assertThat(em.file()).isEqualTo(dataDir.resolve(EmbeddedMongo.FILE_NAME));
            store.devices().upsertCwmp("SN1", "OUI", "PC", "Acme", "R1", "1.0", "TR-181",
                    new Device.CwmpInfo(DeviceStatus.ONLINE, "http://cr", null, null, 300, "cwmp-1-2", "10.0.0.1", t));
            store.parameters().upsertAll("SN1", List.of(new Parameter("SN1", "Device.A", "1", "xsd:int", true, t)));
            taskId = store.tasks().enqueue("SN1", "cwmp", "Reboot", "{}", "ck", 3, null).id();
            store.scripts().save(new Script("s", null, "return 1", true, "stopped", null, null, List.of(), Map.of(),
                    false, 0, null, null));
            store.tokens().create("admin", "secret", true);
            store.credentials().createOrUpdate("cpe", "pw", "coral");
            for (int i = 0; i < 20; i++) {
                store.devices().touchAll(Map.of("SN1", t.plusSeconds(i)));
            }
        }
        assertThat(dataDir.resolve(EmbeddedMongo.FILE_NAME)).exists();

        try (EmbeddedMongo em = EmbeddedMongo.fileBacked(dataDir); MongoStore store = MongoStore.open(em.uri())) {
            Device d = store.devices().find("SN1").orElseThrow();
            assertThat(d.vendor()).isEqualTo("Acme");
            assertThat(d.cwmp().lastInform()).isEqualTo(t);
            assertThat(d.lastContact()).isEqualTo(t.plusSeconds(19));
            assertThat(store.parameters().find("SN1", null)).extracting(Parameter::value).containsExactly("1");
            Task task = store.tasks().find(taskId).orElseThrow();
            assertThat(task.state()).isEqualTo(TaskState.QUEUED);
            assertThat(store.tasks().claimNext("SN1", "cwmp", "me", Instant.now())).isPresent();
            assertThat(store.scripts().find("s")).map(Script::content).contains("return 1");
            assertThat(store.tokens().verify("secret")).isPresent();
            assertThat(store.credentials().verifyPassword("cpe", "pw")).isTrue();
            // unique indices came back too
            assertThatThrownBy(() -> store.tokens().create("again", "secret", false)).isInstanceOf(StoreException.class);
        }
    }

    @Test
    void aSecondServerOnTheSameFileIsRefusedClearly() throws Exception {
        try (EmbeddedMongo em = EmbeddedMongo.fileBacked(dataDir)) {
            assertThat(Files.exists(em.file())).isTrue();
            assertThatThrownBy(() -> EmbeddedMongo.fileBacked(dataDir)).isInstanceOf(StoreException.class)
                    .hasMessageContaining(EmbeddedMongo.FILE_NAME);
        }
    }

    @Test
    void closeIsIdempotent() {
        EmbeddedMongo em = EmbeddedMongo.fileBacked(dataDir);
        em.close();
        em.close();
        try (EmbeddedMongo again = EmbeddedMongo.fileBacked(dataDir)) {
            assertThat(again.port()).isPositive();
        }
    }
}
