package io.coral.acs;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.coral.bus.Json;
import io.coral.bus.LocalBus;
import io.coral.bus.Subscription;
import io.coral.bus.command.CwmpRpcReply;
import io.coral.bus.command.CwmpRpcRequest;
import io.coral.store.Store;
import io.coral.store.embedded.EmbeddedMongo;
import io.coral.store.mongo.MongoStore;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** A real ACS on port 0 over an in-memory MongoDB-wire store and a LocalBus, recording every bus event. */
final class AcsHarness implements AutoCloseable {

    /** One event seen on the bus. */
    record Seen(String subject, JsonNode json) {}

    final EmbeddedMongo mongo;
    final Store store;
    final LocalBus bus;
    final List<Seen> events = new CopyOnWriteArrayList<>();
    private final Subscription eventSub;
    private final Consumer<AcsServer.Builder> custom;
    AcsServer acs;

    private AcsHarness(Consumer<AcsServer.Builder> custom) {
        this.custom = custom;
        this.mongo = EmbeddedMongo.inMemory();
        this.store = MongoStore.open(mongo.uri());
        this.bus = new LocalBus();
        this.eventSub = bus.subscribeEvents("acs-test", "coral.events.>", Duration.ofSeconds(30), e -> {
            events.add(new Seen(e.subject(), Json.MAPPER.readTree(e.data())));
            e.ack();
        });
        startAcs();
    }

    static AcsHarness start() {
        return new AcsHarness(b -> { });
    }

    static AcsHarness start(Consumer<AcsServer.Builder> custom) {
        return new AcsHarness(custom);
    }

    void startAcs() {
        AcsServer.Builder b = AcsServer.builder().bus(bus).store(store).port(0).host("127.0.0.1")
                .instanceId("acs-test").taskTimeout(Duration.ofSeconds(10));
        custom.accept(b);
        acs = b.build().start();
    }

    /** Stops the ACS only (store and bus stay), then starts a new one. */
    void restartAcs() {
        acs.close();
        startAcs();
    }

    URI uri() {
        return URI.create(acs.url());
    }

    TestCpe cpe(Dialect d, String sn) {
        return new TestCpe(uri(), d, sn, true);
    }

    /** A command on {@code cwmp.rpc.<sn>}, answered by the ACS. */
    CompletableFuture<CwmpRpcReply> rpc(String sn, String rpc, String argsJson, String mode) {
        JsonNode args = argsJson == null ? null : readTree(argsJson);
        return bus.request(bus.subjects().cwmpRpc(sn), new CwmpRpcRequest(rpc, args, null, mode, null),
                CwmpRpcReply.class, Duration.ofSeconds(30));
    }

    CwmpRpcReply queue(String sn, String rpc, String argsJson) {
        return rpc(sn, rpc, argsJson, CwmpRpcRequest.MODE_NEXT_INFORM).join();
    }

    CompletableFuture<CwmpRpcReply> send(String sn, CwmpRpcRequest req) {
        return bus.request(bus.subjects().cwmpRpc(sn), req, CwmpRpcReply.class, Duration.ofSeconds(30));
    }

    static JsonNode readTree(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Waits for an event whose subject starts with {@code prefix} and whose JSON matches. */
    Seen awaitEvent(String prefix, Predicate<JsonNode> match) {
        Seen[] found = new Seen[1];
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            for (Seen s : events) {
                if (s.subject().startsWith(prefix) && match.test(s.json())) {
                    found[0] = s;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    List<Seen> events(String prefix) {
        return events.stream().filter(s -> s.subject().startsWith(prefix)).toList();
    }

    @Override
    public void close() {
        acs.close();
        eventSub.close();
        bus.close();
        store.close();
        mongo.close();
    }
}
