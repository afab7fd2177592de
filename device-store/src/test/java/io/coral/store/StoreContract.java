package io.coral.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.coral.store.mongo.MongoStore;
import io.coral.store.testing.MutableClock;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The store contract, written once. Subclasses say where a MongoDB-wire server is ({@link #mongoUri()}); each
 * test gets its own database and a clock it can move.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class StoreContract {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    protected MongoClient client;
    protected MongoStore store;
    protected MutableClock clock;
    private String dbName;

    /** Where the server under test listens (started lazily by the subclass). */
    protected abstract String mongoUri();

    @BeforeEach
    void openStore() {
        if (client == null) {
            client = MongoClients.create(mongoUri());
        }
        clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        dbName = "contract_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        store = MongoStore.open(client, dbName, clock);
    }

    @AfterEach
    void dropDatabase() {
        store.close();
        client.getDatabase(dbName).drop();
    }

    @AfterAll
    void closeClient() {
        if (client != null) {
            client.close();
        }
    }

    // ---- devices -------------------------------------------------------------------------------------------

    private Device.CwmpInfo cwmp(int status, Instant lastInform, long interval) {
        return new Device.CwmpInfo(status, "http://10.0.0.1:7547/cr", null, null, interval, "cwmp-1-2", "10.0.0.1",
                lastInform);
    }

    @Test
    void upsertCwmpCreatesOnceAndKeepsFieldsGivenAsNull() {
        Instant t = clock.instant();
        assertThat(store.devices().upsertCwmp("SN1", "00D09E", "IGD", "Acme", "R1", "1.0", "TR-181",
                cwmp(DeviceStatus.ONLINE, t, 300))).isTrue();
        store.devices().setCwmpConnectionRequestCredentials("SN1", "cruser", "crpass");
        assertThat(store.devices().upsertCwmp("SN1", null, null, null, null, "1.1", null,
                cwmp(DeviceStatus.ONLINE, t.plusSeconds(5), 0))).isFalse();

        Device d = store.devices().find("SN1").orElseThrow();
        assertThat(d.sn()).isEqualTo("SN1");
        assertThat(d.oui()).isEqualTo("00D09E");
        assertThat(d.productClass()).isEqualTo("IGD");
        assertThat(d.vendor()).isEqualTo("Acme");
        assertThat(d.model()).isEqualTo("R1");
        assertThat(d.version()).isEqualTo("1.1");
        assertThat(d.dataModel()).isEqualTo("TR-181");
        assertThat(d.status()).isEqualTo(DeviceStatus.ONLINE);
        assertThat(d.created()).isEqualTo(t);
        assertThat(d.lastContact()).isEqualTo(t.plusSeconds(5));
        assertThat(d.cwmp().periodicInformIntervalSec()).isEqualTo(300);
        assertThat(d.cwmp().connectionRequestUsername()).isEqualTo("cruser");
        assertThat(d.cwmp().connectionRequestPassword()).isEqualTo("crpass");
        assertThat(d.cwmp().lastInform()).isEqualTo(t.plusSeconds(5));
        assertThat(d.usp()).isNull();
        assertThat(store.devices().count()).isEqualTo(1);
    }

    @Test
    void overallStatusIsTheMaxOfTheProtocols() {
        Instant t = clock.instant();
        store.devices().upsertCwmp("D1", null, null, "V", "M", null, null, cwmp(DeviceStatus.ONLINE, t, 60));
        store.devices().upsertUsp("D1", null, null, null, null, null,
                new Device.UspInfo(DeviceStatus.ASSOCIATING, "os::D1", "usp/agent/D1", "5", t));
        assertThat(store.devices().find("D1").orElseThrow().status()).isEqualTo(DeviceStatus.ONLINE);

        assertThat(store.devices().setStatus("D1", "cwmp", DeviceStatus.OFFLINE)).isEqualTo(DeviceStatus.ONLINE);
        assertThat(store.devices().find("D1").orElseThrow().status()).isEqualTo(DeviceStatus.ASSOCIATING);

        assertThat(store.devices().setStatus("D1", "usp", DeviceStatus.OFFLINE)).isEqualTo(DeviceStatus.ASSOCIATING);
        assertThat(store.devices().find("D1").orElseThrow().status()).isEqualTo(DeviceStatus.OFFLINE);

        // an upsert that lowers a protocol status also lowers the overall one
        store.devices().upsertUsp("D1", null, null, null, null, null,
                new Device.UspInfo(DeviceStatus.ONLINE, "os::D1", null, null, t));
        assertThat(store.devices().find("D1").orElseThrow().status()).isEqualTo(DeviceStatus.ONLINE);
        store.devices().upsertUsp("D1", null, null, null, null, null,
                new Device.UspInfo(DeviceStatus.OFFLINE, "os::D1", null, null, t));
        assertThat(store.devices().find("D1").orElseThrow().status()).isEqualTo(DeviceStatus.OFFLINE);

        assertThat(store.devices().setStatus("nope", "cwmp", DeviceStatus.ONLINE)).isEqualTo(-1);
        assertThatThrownBy(() -> store.devices().setStatus("D1", "mqtt", 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void findByAnyIdTriesSnThenEndpointIdThenAlias() {
        store.devices().upsertUsp("os::0044FF-X", "V", "M", null, null, null,
                new Device.UspInfo(DeviceStatus.ONLINE, "proto::agent-1", null, "5", clock.instant()));
        store.devices().upsertCwmp("CPE9", null, null, "V", "M", null, null, cwmp(DeviceStatus.ONLINE, clock.instant(), 60));
        assertThat(store.devices().setAlias("CPE9", "kitchen")).isTrue();
        assertThat(store.devices().setAlias("missing", "x")).isFalse();

        assertThat(store.devices().findByAnyId("os::0044FF-X")).map(Device::sn).contains("os::0044FF-X");
        assertThat(store.devices().findByAnyId("proto::agent-1")).map(Device::sn).contains("os::0044FF-X");
        assertThat(store.devices().findByAnyId("kitchen")).map(Device::sn).contains("CPE9");
        assertThat(store.devices().findByAnyId("nothing")).isEmpty();
        assertThat(store.devices().setModel("CPE9", "M2")).isTrue();
        assertThat(store.devices().find("CPE9").orElseThrow().model()).isEqualTo("M2");
    }

    @Test
    void touchAllUpdatesLastContactInBulkNeverBackwardsAndCreatesNothing() {
        Instant t = clock.instant();
        for (int i = 0; i < 50; i++) {
            store.devices().upsertCwmp("T" + i, null, null, "V", "M", null, null, cwmp(DeviceStatus.ONLINE, t, 60));
        }
        Map<String, Instant> touches = new HashMap<>();
        for (int i = 0; i < 50; i++) {
            touches.put("T" + i, t.plusSeconds(i));
        }
        touches.put("unknown", t);
        store.devices().touchAll(touches);
        store.devices().touchAll(Map.of("T10", t.minusSeconds(100)));

        assertThat(store.devices().count()).isEqualTo(50);
        assertThat(store.devices().find("T10").orElseThrow().lastContact()).isEqualTo(t.plusSeconds(10));
        assertThat(store.devices().find("T49").orElseThrow().lastContact()).isEqualTo(t.plusSeconds(49));
        assertThat(store.devices().find("unknown")).isEmpty();
    }

    @Test
    void aSweepNeverUndoesAnInformThatCameInBetween() {
        Instant t = clock.instant();
        for (String sn : List.of("S1", "S2", "S3")) {
            store.devices().upsertCwmp(sn, null, null, "V", "M", null, null,
                    cwmp(DeviceStatus.ONLINE, t.minusSeconds(400), 300));
        }
        Map<String, Instant> seen = new java.util.HashMap<>();
        store.devices().findCwmpOverdue(t, 60, 100).forEach(d -> seen.put(d.sn(), d.lastContact()));
        assertThat(seen).containsOnlyKeys("S1", "S2", "S3");

        // S1 informs after the sweep read it: status and contact in one write
        assertThat(store.devices().setStatus("S1", "cwmp", DeviceStatus.ONLINE, t)).isEqualTo(DeviceStatus.ONLINE);
        assertThat(store.devices().markCwmpOfflineIfSilent("S1", seen.get("S1"))).isEqualTo(-1);
        Device s1 = store.devices().find("S1").orElseThrow();
        assertThat(s1.cwmp().status()).isEqualTo(DeviceStatus.ONLINE);
        assertThat(s1.lastContact()).isEqualTo(t);

        // S2's contact was written by a coalesced touch: same protection
        store.devices().touchAll(Map.of("S2", t));
        assertThat(store.devices().markCwmpOfflineIfSilent("S2", seen.get("S2"))).isEqualTo(-1);
        assertThat(store.devices().find("S2").orElseThrow().cwmp().status()).isEqualTo(DeviceStatus.ONLINE);

        // S3 stayed silent: offline
        assertThat(store.devices().markCwmpOfflineIfSilent("S3", seen.get("S3"))).isEqualTo(DeviceStatus.ONLINE);
        assertThat(store.devices().find("S3").orElseThrow().cwmp().status()).isEqualTo(DeviceStatus.OFFLINE);
        assertThat(store.devices().find("S3").orElseThrow().status()).isEqualTo(DeviceStatus.OFFLINE);

        // a contact older than the stored one never moves it back
        assertThat(store.devices().setStatus("S3", "cwmp", DeviceStatus.ONLINE, t.minusSeconds(1000)))
                .isEqualTo(DeviceStatus.OFFLINE);
        assertThat(store.devices().find("S3").orElseThrow().lastContact()).isEqualTo(seen.get("S3"));
        assertThat(store.devices().markCwmpOfflineIfSilent("nope", null)).isEqualTo(-1);
    }

    @Test
    void overdueAndOnlineDevices() {
        Instant t = clock.instant();
        store.devices().upsertCwmp("fresh", null, null, "V", "M", null, null, cwmp(DeviceStatus.ONLINE, t, 300));
        store.devices().upsertCwmp("late", null, null, "V", "M", null, null,
                cwmp(DeviceStatus.ONLINE, t.minusSeconds(400), 300));
        store.devices().upsertCwmp("offline", null, null, "V", "M", null, null,
                cwmp(DeviceStatus.OFFLINE, t.minusSeconds(4000), 300));
        store.devices().upsertCwmp("touched", null, null, "V", "M", null, null,
                cwmp(DeviceStatus.ONLINE, t.minusSeconds(400), 300));
        store.devices().touchAll(Map.of("touched", t.minusSeconds(10)));
        store.devices().upsertUsp("agent", null, null, null, null, null,
                new Device.UspInfo(DeviceStatus.ONLINE, "agent", null, null, t));

        assertThat(store.devices().findCwmpOverdue(t, 60, 100)).extracting(Device::sn).containsExactly("late");
        assertThat(store.devices().findCwmpOverdue(t, 200, 100)).isEmpty();
        assertThat(store.devices().findOnline("cwmp", 100)).extracting(Device::sn)
                .containsExactly("fresh", "late", "touched");
        assertThat(store.devices().findOnline("usp", 100)).extracting(Device::sn).containsExactly("agent");
    }

    @Test
    void deletingADeviceDeletesItsParametersAndTasks() {
        store.devices().upsertCwmp("DEL", null, null, "V", "M", null, null, cwmp(DeviceStatus.ONLINE, clock.instant(), 60));
        store.parameters().upsertAll("DEL", List.of(new Parameter("DEL", "Device.A", "1", null, null, null)));
        store.tasks().enqueue("DEL", "cwmp", "Reboot", "{}", null, 1, null);
        store.tasks().enqueue("KEEP", "cwmp", "Reboot", "{}", null, 1, null);

        assertThat(store.devices().delete("DEL")).isTrue();
        assertThat(store.devices().delete("DEL")).isFalse();
        assertThat(store.parameters().find("DEL", null)).isEmpty();
        assertThat(store.tasks().list("DEL", null, 10)).isEmpty();
        assertThat(store.tasks().list("KEEP", null, 10)).hasSize(1);
    }

    @Test
    void saveAllInsertsNewDevicesAndReplacesExistingOnes() {
        Instant t = clock.instant();
        store.devices().upsertCwmp("OLD", null, null, "Old", "M", null, null, cwmp(DeviceStatus.ONLINE, t, 60));
        store.devices().setAlias("OLD", "gone after replace");
        List<Device> batch = new ArrayList<>();
        for (int i = 0; i < 1500; i++) {
            batch.add(new Device("NEW" + i, "M", "New", null, null, null, null, 0, null, null, null, null, null));
        }
        batch.add(700, new Device("OLD", "M2", "Replaced", null, null, null, null, DeviceStatus.OFFLINE, null, null,
                null, null, t.minusSeconds(5)));
        store.devices().saveAll(batch);

        assertThat(store.devices().count()).isEqualTo(1501);
        Device replaced = store.devices().find("OLD").orElseThrow();
        assertThat(replaced.vendor()).isEqualTo("Replaced");
        assertThat(replaced.alias()).isNull();
        assertThat(replaced.cwmp()).isNull();
        assertThat(replaced.created()).isEqualTo(t.minusSeconds(5));
        assertThat(store.devices().find("NEW1499").orElseThrow().created()).as("null created becomes now").isEqualTo(t);
    }

    @Test
    void tenThousandDevicesPageFilterAndSort() {
        String[] vendors = {"Acme", "Globex", "Initech", "Umbrella"};
        String[] models = {"R1", "R2", "R3", "R4", "R5"};
        List<Device> all = new ArrayList<>(10_000);
        Instant t = clock.instant();
        for (int i = 0; i < 10_000; i++) {
            String sn = String.format("SN%05d", i);
            all.add(new Device(sn, models[i % 5], vendors[i % 4], "1." + (i % 7), "IGD", "00D09E", null, i % 3,
                    "TR-181", i % 2 == 0 ? cwmp(i % 3, t, 300) : null,
                    i % 2 == 1 ? new Device.UspInfo(i % 3, "os::" + sn, null, "5", t) : null,
                    t.plusSeconds(i), t));
        }
        Collections.shuffle(all, new java.util.Random(7));
        store.devices().saveAll(all);
        assertThat(store.devices().count()).isEqualTo(10_000);

        // vendor Acme: i % 4 == 0 → 2500 devices; model R1: i % 5 == 0 → both: i % 20 == 0 → 500
        Page<Device> acme = store.devices().query(new DeviceQuery(null, "Acme", null, null, null, "sn", 0, 100));
        assertThat(acme.total()).isEqualTo(2500);
        assertThat(acme.items()).hasSize(100).allMatch(d -> d.vendor().equals("Acme"));
        assertThat(acme.items().get(0).sn()).isEqualTo("SN00000");
        assertThat(acme.items().get(1).sn()).isEqualTo("SN00004");

        Page<Device> acmeR1 = store.devices().query(new DeviceQuery(null, "Acme", "R1", null, null, "-sn", 4, 100));
        assertThat(acmeR1.total()).isEqualTo(500);
        assertThat(acmeR1.page()).isEqualTo(4);
        assertThat(acmeR1.items()).hasSize(100);
        assertThat(acmeR1.items().get(0).sn()).isEqualTo(String.format("SN%05d", 9980 - 400 * 20));
        Page<Device> pastEnd = store.devices().query(new DeviceQuery(null, "Acme", "R1", null, null, "-sn", 5, 100));
        assertThat(pastEnd.items()).isEmpty();
        assertThat(pastEnd.total()).isEqualTo(500);

        // status 2: i % 3 == 2 → 3333 devices; sorted by last_contact descending
        Page<Device> online = store.devices().query(
                new DeviceQuery(DeviceStatus.ONLINE, null, null, null, null, "-last_contact", 0, 50));
        assertThat(online.total()).isEqualTo(3333);
        assertThat(online.items().get(0).sn()).isEqualTo("SN09998");
        assertThat(online.items()).isSortedAccordingTo((a, b) -> b.lastContact().compareTo(a.lastContact()));

        // sorting by a shared field pages stably (sn breaks ties): pages do not overlap and cover the set
        Set<String> seen = new HashSet<>();
        for (int page = 0; page < 5; page++) {
            Page<Device> p = store.devices().query(new DeviceQuery(null, "Globex", null, null, null, "model", page, 500));
            assertThat(p.items()).isSortedAccordingTo((a, b) -> a.model().compareTo(b.model()));
            p.items().forEach(d -> assertThat(seen.add(d.sn())).isTrue());
        }
        assertThat(seen).hasSize(2500);

        assertThat(store.devices().query(new DeviceQuery(null, null, null, "usp", null, "sn", 0, 10)).total())
                .isEqualTo(5000);
        Page<Device> text = store.devices().query(new DeviceQuery(null, null, null, null, "sn0999", "sn", 0, 100));
        assertThat(text.items()).extracting(Device::sn)
                .containsExactly("SN09990", "SN09991", "SN09992", "SN09993", "SN09994", "SN09995", "SN09996",
                        "SN09997", "SN09998", "SN09999");
        assertThat(store.devices().query(new DeviceQuery(null, null, null, null, "a.c", "sn", 0, 10)).total())
                .as("regex characters in the text are literal").isZero();

        assertThatThrownBy(() -> store.devices().query(new DeviceQuery(null, null, null, null, null, "password", 0, 10)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("password");
        assertThatThrownBy(() -> store.devices().query(new DeviceQuery(null, null, null, null, null, "sn", -1, 10)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.devices().query(new DeviceQuery(null, null, null, "x", null, "sn", 0, 10)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---- parameters ----------------------------------------------------------------------------------------

    @Test
    void parametersUpsertInBulkFindByPrefixAndDelete() {
        Instant t = clock.instant();
        List<Parameter> first = new ArrayList<>();
        for (int i = 1; i <= 1500; i++) {
            first.add(new Parameter("P1", "Device.WiFi.SSID." + i + ".SSID", "net" + i, "xsd:string", true, t));
        }
        first.add(new Parameter("P1", "Device.DeviceInfo.SoftwareVersion", "1.0", "xsd:string", false, t));
        store.parameters().upsertAll("P1", first);
        store.parameters().upsertAll("P2", List.of(new Parameter("P2", "Device.WiFi.SSID.1.SSID", "other", null, null, null)));

        // a partial update: value only; type and writability stay
        store.parameters().upsertAll("P1", List.of(new Parameter("P1", "Device.DeviceInfo.SoftwareVersion", "2.0", null,
                null, t.plusSeconds(1))));
        List<Parameter> info = store.parameters().find("P1", "Device.DeviceInfo.");
        assertThat(info).containsExactly(new Parameter("P1", "Device.DeviceInfo.SoftwareVersion", "2.0", "xsd:string",
                false, t.plusSeconds(1)));

        List<Parameter> wifi = store.parameters().find("P1", "Device.WiFi.");
        assertThat(wifi).hasSize(1500);
        assertThat(wifi).extracting(Parameter::path).isSorted();
        assertThat(store.parameters().find("P1", "")).hasSize(1501);
        assertThat(store.parameters().find("P1", "Device.WiFi.SSID.1.")).extracting(Parameter::value).containsExactly("net1");

        assertThat(store.parameters().deletePrefix("P1", "Device.WiFi.SSID.1.")).isEqualTo(1);
        assertThat(store.parameters().find("P1", "Device.WiFi.SSID.1.")).isEmpty();
        assertThat(store.parameters().find("P1", "Device.WiFi.SSID.10.")).hasSize(1);
        assertThat(store.parameters().deleteDevice("P1")).isEqualTo(1500);
        assertThat(store.parameters().find("P2", null)).hasSize(1);
    }

    // ---- tasks ---------------------------------------------------------------------------------------------

    @Test
    void eightThreadsClaimingTheSameTaskExactlyOneWins() throws Exception {
        for (int round = 0; round < 5; round++) {
            Task task = store.tasks().enqueue("RACE" + round, "cwmp", "GetParameterValues", "{}", null, 3, null);
            List<Optional<Task>> results = race(8, i -> store.tasks().claimNext(task.sn(),
                    "cwmp", "owner-" + i, clock.instant()));
            List<Task> winners = results.stream().flatMap(Optional::stream).toList();
            assertThat(winners).hasSize(1);
            assertThat(winners.get(0).id()).isEqualTo(task.id());
            assertThat(winners.get(0).state()).isEqualTo(TaskState.SENT);
            assertThat(winners.get(0).attempts()).isEqualTo(1);
            assertThat(store.tasks().find(task.id()).orElseThrow().owner()).isEqualTo(winners.get(0).owner());
        }
        Task specific = store.tasks().enqueue("RACE", "cwmp", "Reboot", "{}", null, 3, null);
        List<Optional<Task>> results = race(8, i -> store.tasks().claim(specific.id(), "o" + i, clock.instant()));
        assertThat(results.stream().filter(Optional::isPresent).count()).isEqualTo(1);
    }

    private <T> List<T> race(int threads, java.util.function.IntFunction<T> action) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch ready = new CountDownLatch(threads);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int n = i;
                Callable<T> c = () -> {
                    ready.countDown();
                    assertThat(go.await(10, TimeUnit.SECONDS)).isTrue();
                    return action.apply(n);
                };
                futures.add(pool.submit(c));
            }
            assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
            go.countDown();
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) {
                out.add(f.get(30, TimeUnit.SECONDS));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void tasksAreClaimedInFifoOrderPerDeviceAndProtocol() {
        Task a = store.tasks().enqueue("F", "cwmp", "A", "{}", null, 1, null);
        clock.advance(Duration.ofMillis(1));
        Task u = store.tasks().enqueue("F", "usp", "U", "{}", null, 1, null);
        clock.advance(Duration.ofMillis(1));
        Task b = store.tasks().enqueue("F", "cwmp", "B", "{}", "ck-1", 1, null);
        store.tasks().enqueue("G", "cwmp", "other device", "{}", null, 1, null);

        assertThat(store.tasks().hasQueued("F", "usp", clock.instant())).isTrue();
        assertThat(store.tasks().claimNext("F", "cwmp", "me", clock.instant())).map(Task::id).contains(a.id());
        assertThat(store.tasks().claimNext("F", "cwmp", "me", clock.instant())).map(Task::id).contains(b.id());
        assertThat(store.tasks().claimNext("F", "cwmp", "me", clock.instant())).isEmpty();
        assertThat(store.tasks().hasQueued("F", "cwmp", clock.instant())).isFalse();
        assertThat(store.tasks().claimNext("F", null, "me", clock.instant())).map(Task::id).contains(u.id());

        assertThat(store.tasks().complete(a.id(), "{\"status\":0}")).isTrue();
        assertThat(store.tasks().complete(a.id(), "{\"status\":1}")).as("only a SENT task completes").isFalse();
        Task done = store.tasks().find(a.id()).orElseThrow();
        assertThat(done.state()).isEqualTo(TaskState.DONE);
        assertThat(done.result()).isEqualTo("{\"status\":0}");

        assertThat(store.tasks().findByCommandKey("F", "ck-1")).map(Task::id).contains(b.id());
        assertThat(store.tasks().fail(b.id(), "{\"code\":\"9005\"}")).isTrue();
        assertThat(store.tasks().find(b.id()).orElseThrow().state()).isEqualTo(TaskState.FAULT);
        assertThat(store.tasks().fail(b.id(), "{}")).as("FAULT is final").isFalse();

        assertThat(store.tasks().list("F", null, 10)).extracting(Task::id).containsExactly(b.id(), u.id(), a.id());
        assertThat(store.tasks().list(null, TaskState.QUEUED, 10)).extracting(Task::sn).containsExactly("G");
        assertThat(store.tasks().delete(a.id())).isTrue();
        assertThat(store.tasks().find(a.id())).isEmpty();
        assertThat(store.tasks().find("not-an-id")).isEmpty();
        assertThat(store.tasks().deleteDevice("F")).isEqualTo(2);
    }

    @Test
    void retryBacksOffThenFaultsAfterMaxAttempts() {
        Task t = store.tasks().enqueue("R", "cwmp", "Download", "{}", null, 2, null);
        Task claimed = store.tasks().claimNext("R", "cwmp", "me", clock.instant()).orElseThrow();
        assertThat(store.tasks().retry(claimed.id(), Duration.ofSeconds(30), "{\"code\":\"timeout\"}", clock.instant()))
                .isEqualTo(TaskState.QUEUED);
        Task queued = store.tasks().find(t.id()).orElseThrow();
        assertThat(queued.owner()).isNull();
        assertThat(queued.notBefore()).isEqualTo(clock.instant().plusSeconds(30));
        assertThat(queued.error()).isEqualTo("{\"code\":\"timeout\"}");

        assertThat(store.tasks().claimNext("R", "cwmp", "me", clock.instant())).as("backing off").isEmpty();
        assertThat(store.tasks().hasQueued("R", "cwmp", clock.instant())).isFalse();
        clock.advance(Duration.ofSeconds(30));
        Task second = store.tasks().claimNext("R", "cwmp", "me", clock.instant()).orElseThrow();
        assertThat(second.attempts()).isEqualTo(2);

        assertThat(store.tasks().retry(second.id(), Duration.ofSeconds(30), "{\"code\":\"timeout\"}", clock.instant()))
                .isEqualTo(TaskState.FAULT);
        assertThat(store.tasks().find(t.id()).orElseThrow().state()).isEqualTo(TaskState.FAULT);
        assertThat(store.tasks().retry(second.id(), Duration.ofSeconds(1), "{}", clock.instant()))
                .as("retrying a final task changes nothing").isEqualTo(TaskState.FAULT);
    }

    @Test
    void queuedTasksExpireAndExpiredOnesAreNeverClaimed() {
        Instant now = clock.instant();
        Task soon = store.tasks().enqueue("E", "cwmp", "Reboot", "{}", null, 1, now.plusSeconds(60));
        Task later = store.tasks().enqueue("E", "cwmp", "Reboot", "{}", null, 1, now.plusSeconds(600));
        Task never = store.tasks().enqueue("E", "cwmp", "Reboot", "{}", null, 1, null);

        clock.advance(Duration.ofSeconds(61));
        assertThat(store.tasks().claimNext("E", "cwmp", "me", clock.instant())).as("the expired one is skipped")
                .map(Task::id).contains(later.id());
        assertThat(store.tasks().expire(clock.instant())).isEqualTo(1);
        Task expired = store.tasks().find(soon.id()).orElseThrow();
        assertThat(expired.state()).isEqualTo(TaskState.FAULT);
        assertThat(expired.error()).contains("expired");
        clock.advance(Duration.ofDays(365));
        assertThat(store.tasks().expire(clock.instant())).as("SENT and unlimited tasks do not expire").isZero();
        assertThat(store.tasks().find(never.id()).orElseThrow().state()).isEqualTo(TaskState.QUEUED);
    }

    @Test
    void requeueByOwnerAndStaleness() {
        Task a = store.tasks().enqueue("Q", "cwmp", "A", "{}", null, 5, null);
        Task b = store.tasks().enqueue("Q2", "cwmp", "B", "{}", null, 5, null);
        Task c = store.tasks().enqueue("Q3", "cwmp", "C", "{}", null, 5, null);
        store.tasks().claimNext("Q", "cwmp", "dead-instance", clock.instant()).orElseThrow();
        store.tasks().claimNext("Q2", "cwmp", "live-instance", clock.instant()).orElseThrow();
        assertThat(store.tasks().requeueOwnedBy("dead-instance")).isEqualTo(1);
        Task requeued = store.tasks().find(a.id()).orElseThrow();
        assertThat(requeued.state()).isEqualTo(TaskState.QUEUED);
        assertThat(requeued.owner()).isNull();
        assertThat(requeued.attempts()).isEqualTo(1);

        clock.advance(Duration.ofMinutes(10));
        store.tasks().claimNext("Q3", "cwmp", "live-instance", clock.instant()).orElseThrow();
        assertThat(store.tasks().requeueStale(clock.instant().minusSeconds(60))).isEqualTo(1);
        assertThat(store.tasks().find(b.id()).orElseThrow().state()).isEqualTo(TaskState.QUEUED);
        assertThat(store.tasks().find(c.id()).orElseThrow().state()).isEqualTo(TaskState.SENT);
    }

    // ---- scripts and runs ----------------------------------------------------------------------------------

    private Script script(String name, String content, boolean active) {
        return new Script(name, "desc", content, active, "stopped", "*/5 * * * *", "UTC", List.of("cwmp.inform.*"),
                Map.of("limit", "10"), false, 0, null, null);
    }

    @Test
    void scriptsKeepVersionsOfTheirContent() {
        Script v1 = store.scripts().save(script("boot", "log('a')", true));
        assertThat(v1.version()).isEqualTo(1);
        assertThat(v1.created()).isEqualTo(clock.instant());
        assertThat(v1.triggers()).containsExactly("cwmp.inform.*");
        assertThat(v1.globals()).containsEntry("limit", "10");

        clock.advance(Duration.ofSeconds(1));
        Script same = store.scripts().save(new Script("boot", "new desc", "log('a')", true, "running", null, null,
                List.of(), Map.of(), false, 0, null, null));
        assertThat(same.version()).isEqualTo(1);
        assertThat(same.description()).isEqualTo("new desc");
        assertThat(same.created()).isEqualTo(v1.created());
        Script v2 = store.scripts().save(script("boot", "log('b')", true));
        assertThat(v2.version()).isEqualTo(2);
        assertThat(store.scripts().versions("boot")).extracting(ScriptVersion::version, ScriptVersion::content)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "log('a')"),
                        org.assertj.core.groups.Tuple.tuple(2, "log('b')"));
        assertThat(store.scripts().version("boot", 1)).map(ScriptVersion::content).contains("log('a')");

        store.scripts().save(script("lib", "return {}", false));
        assertThat(store.scripts().list()).extracting(Script::name).containsExactly("boot", "lib");
        assertThat(store.scripts().listActive()).extracting(Script::name).containsExactly("boot");
        assertThat(store.scripts().setActive("lib", true)).isTrue();
        assertThat(store.scripts().setState("lib", "running")).isTrue();
        assertThat(store.scripts().find("lib").orElseThrow().state()).isEqualTo("running");
        assertThat(store.scripts().listActive()).hasSize(2);
        assertThat(store.scripts().delete("boot")).isTrue();
        assertThat(store.scripts().find("boot")).isEmpty();
        assertThat(store.scripts().versions("boot")).isEmpty();
        assertThat(store.scripts().setActive("boot", true)).isFalse();
    }

    @Test
    void concurrentSavesOfOneScriptLoseNoVersion() throws Exception {
        List<Script> saved = race(4, i -> store.scripts().save(script("shared", "content " + i, false)));
        assertThat(saved).extracting(Script::version).doesNotHaveDuplicates();
        assertThat(store.scripts().versions("shared")).hasSize(4);
        assertThat(store.scripts().find("shared").orElseThrow().version()).isEqualTo(4);
    }

    @Test
    void runLogsAreBoundedKeepingTheNewestLines() {
        Run run = store.runs().start("boot", 2, "manual", clock.instant(), "engine-a");
        assertThat(run.outcome()).isEqualTo("running");
        assertThat(run.owner()).isEqualTo("engine-a");
        List<Run.LogLine> lines = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            lines.add(new Run.LogLine(clock.instant().plusMillis(i), "info", "line " + i));
        }
        store.runs().appendLog(run.id(), lines.subList(0, 5), 10);
        store.runs().appendLog(run.id(), lines.subList(5, 25), 10);
        Run logged = store.runs().find(run.id()).orElseThrow();
        assertThat(logged.log()).hasSize(10);
        assertThat(logged.log().get(0).text()).isEqualTo("line 15");
        assertThat(logged.log().get(9)).isEqualTo(lines.get(24));
        assertThat(logged.logDropped()).isEqualTo(15);

        store.runs().finish(run.id(), clock.instant().plusSeconds(1), "error", "boom", 12);
        Run finished = store.runs().find(run.id()).orElseThrow();
        assertThat(finished.outcome()).isEqualTo("error");
        assertThat(finished.reason()).isEqualTo("boom");
        assertThat(finished.errorLine()).isEqualTo(12);
        assertThat(finished.ended()).isEqualTo(clock.instant().plusSeconds(1));

        clock.advance(Duration.ofSeconds(5));
        Run second = store.runs().start("boot", 2, "schedule", clock.instant(), "engine-a");
        Run third = store.runs().start("other", 1, "event", clock.instant(), "engine-a");
        Run ofB = store.runs().start("other", 1, "event", clock.instant(), "engine-b");
        Run unowned = store.runs().start("other", 1, "event", clock.instant(), null);
        assertThat(store.runs().list("boot", 10)).extracting(Run::id).containsExactly(second.id(), run.id());
        assertThat(store.runs().finishDangling("engine-a", "restart", clock.instant())).isEqualTo(2);
        Run dangling = store.runs().find(second.id()).orElseThrow();
        assertThat(dangling.outcome()).isEqualTo("stopped");
        assertThat(dangling.reason()).isEqualTo("restart");
        assertThat(store.runs().find(third.id()).orElseThrow().outcome()).isEqualTo("stopped");
        // another instance's run and a run written before runs had owners are not this instance's to close
        assertThat(store.runs().find(ofB.id()).orElseThrow().outcome()).isEqualTo("running");
        assertThat(store.runs().find(unowned.id()).orElseThrow().outcome()).isEqualTo("running");
        assertThat(store.runs().find(unowned.id()).orElseThrow().owner()).isNull();
    }

    // ---- credentials, tokens, leases, counters -------------------------------------------------------------

    @Test
    void credentialsAreHashedAndVerify() throws Exception {
        assertThat(store.credentials().createOrUpdate("cpe-1", "s3cret", "coral")).isTrue();
        Credential c = store.credentials().find("cpe-1").orElseThrow();
        assertThat(c.passwordHash()).doesNotContain("s3cret").startsWith("pbkdf2-sha256$");
        assertThat(c.realm()).isEqualTo("coral");
        String ha1 = String.format("%032x", new BigInteger(1,
                MessageDigest.getInstance("MD5").digest("cpe-1:coral:s3cret".getBytes(StandardCharsets.UTF_8))));
        assertThat(c.digestHa1()).isEqualTo(ha1);
        assertThat(store.credentials().verifyPassword("cpe-1", "s3cret")).isTrue();
        assertThat(store.credentials().verifyPassword("cpe-1", "S3cret")).isFalse();
        assertThat(store.credentials().verifyPassword("nobody", "s3cret")).isFalse();

        assertThat(store.credentials().createOrUpdate("cpe-1", "changed", "coral")).isFalse();
        assertThat(store.credentials().verifyPassword("cpe-1", "s3cret")).isFalse();
        assertThat(store.credentials().verifyPassword("cpe-1", "changed")).isTrue();
        assertThat(store.credentials().delete("cpe-1")).isTrue();
        assertThat(store.credentials().find("cpe-1")).isEmpty();
    }

    @Test
    void tokensStoreOnlyTheHashAndVerify() {
        Token admin = store.tokens().create("admin", "secret-a", true);
        Token user = store.tokens().create("ci", "secret-b", false);
        assertThat(admin.hash()).hasSize(64).doesNotContain("secret");
        assertThat(store.tokens().verify("secret-a")).map(Token::id).contains(admin.id());
        assertThat(store.tokens().verify("secret-b")).map(Token::admin).contains(false);
        assertThat(store.tokens().verify("secret-c")).isEmpty();
        assertThat(store.tokens().verify("")).isEmpty();
        assertThatThrownBy(() -> store.tokens().create("again", "secret-a", false))
                .isInstanceOf(DuplicateKeyException.class);
        assertThat(store.tokens().list()).extracting(Token::name).containsExactly("admin", "ci");
        assertThat(store.tokens().count()).isEqualTo(2);
        assertThat(store.tokens().delete(user.id())).isTrue();
        assertThat(store.tokens().verify("secret-b")).isEmpty();
        assertThat(store.tokens().count()).isEqualTo(1);
    }

    @Test
    void leasesAreExclusiveAcrossOwnersAndExpire() throws Exception {
        Duration ttl = Duration.ofSeconds(30);
        List<Boolean> taken = race(8, i -> store.leases().tryAcquire("session.SN1", "owner-" + i, ttl));
        assertThat(taken.stream().filter(b -> b).count()).isEqualTo(1);
        String holder = "owner-" + taken.indexOf(true);
        String other = holder.equals("owner-0") ? "owner-1" : "owner-0";

        assertThat(store.leases().tryAcquire("session.SN1", other, ttl)).isFalse();
        assertThat(store.leases().tryAcquire("session.SN1", holder, ttl)).as("renewal").isTrue();
        assertThat(store.leases().tryAcquire("session.SN2", other, ttl)).as("other names are independent").isTrue();

        clock.advance(Duration.ofSeconds(29));
        assertThat(store.leases().tryAcquire("session.SN1", other, ttl)).isFalse();
        clock.advance(Duration.ofSeconds(2));
        assertThat(store.leases().tryAcquire("session.SN1", other, ttl)).as("expired").isTrue();
        assertThat(store.leases().tryAcquire("session.SN1", holder, ttl)).isFalse();

        store.leases().release("session.SN1", holder);
        assertThat(store.leases().tryAcquire("session.SN1", holder, ttl)).as("release by a non-owner is a no-op")
                .isFalse();
        store.leases().release("session.SN1", other);
        assertThat(store.leases().tryAcquire("session.SN1", holder, ttl)).isTrue();
    }

    @Test
    void countersHandOutDistinctIncreasingIds() throws Exception {
        assertThat(store.nextId("a")).isEqualTo(1);
        assertThat(store.nextId("a")).isEqualTo(2);
        assertThat(store.nextId("b")).isEqualTo(1);
        Set<Long> ids = ConcurrentHashMap.newKeySet();
        race(4, i -> {
            for (int n = 0; n < 100; n++) {
                ids.add(store.nextId("c"));
            }
            return null;
        });
        assertThat(ids).hasSize(400).contains(1L, 400L);
    }
}
