package io.coral.acs.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.coral.store.Store;
import io.coral.store.embedded.EmbeddedMongo;
import io.coral.store.mongo.MongoStore;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The hint of pending tasks: a session that found nothing forgets a device, but never a task queued meanwhile. */
class PendingTasksTest {

    static EmbeddedMongo mongo;
    static Store store;

    @BeforeAll
    static void up() {
        mongo = EmbeddedMongo.inMemory();
        store = MongoStore.open(mongo.uri());
    }

    @AfterAll
    static void down() {
        store.close();
        mongo.close();
    }

    @Test
    void aSessionThatFoundNothingForgetsTheDevice() {
        PendingTasks p = new PendingTasks(store.tasks(), TaskService.CWMP);
        p.add("A");
        long mark = p.mark("A");
        p.removeUnlessAddedSince("A", mark);
        assertThat(p.mayHave("A")).isFalse();
    }

    @Test
    void aTaskQueuedWhileTheStoreWasReadKeepsItsHint() {
        PendingTasks p = new PendingTasks(store.tasks(), TaskService.CWMP);
        p.add("B");
        long mark = p.mark("B");
        // the session's claim found nothing; meanwhile a command was queued for the device
        p.add("B");
        p.removeUnlessAddedSince("B", mark);
        assertThat(p.mayHave("B")).isTrue();
    }

    @Test
    void aTaskQueuedForADeviceWithoutHintKeepsIt() {
        PendingTasks p = new PendingTasks(store.tasks(), TaskService.CWMP);
        long mark = p.mark("C");
        assertThat(mark).isZero();
        p.add("C");
        p.removeUnlessAddedSince("C", mark);
        assertThat(p.mayHave("C")).isTrue();
    }

    @Test
    void refreshAddsDevicesWithQueuedTasksOfItsProtocol() {
        store.tasks().enqueue("D", TaskService.CWMP, "Reboot", "{}", null, 1, Instant.now().plusSeconds(60));
        store.tasks().enqueue("E", "usp", "Operate", "{}", null, 1, Instant.now().plusSeconds(60));
        PendingTasks p = new PendingTasks(store.tasks(), TaskService.CWMP);
        p.refresh(100);
        assertThat(p.mayHave("D")).isTrue();
        assertThat(p.mayHave("E")).isFalse();
    }
}
