package io.coral.controller;

import io.coral.bus.Json;
import io.coral.bus.LocalBus;
import io.coral.bus.Subscription;
import io.coral.bus.command.UspMsgReply;
import io.coral.bus.command.UspMsgRequest;
import io.coral.bus.event.DeviceNewEvent;
import io.coral.bus.event.DeviceStatusEvent;
import io.coral.bus.event.UspNotifyEvent;
import io.coral.store.embedded.EmbeddedMongo;
import io.coral.store.mongo.MongoStore;
import io.coral.usp.UspJson;
import io.coral.usp.proto.UspMsg14.Msg;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** Bus, store and event recorders around one or more controllers under test. */
final class Harness implements AutoCloseable {
    static final String CONTROLLER_ID = "proto::coral-test";

    final EmbeddedMongo mongo = EmbeddedMongo.inMemory();
    final MongoStore store = MongoStore.open(mongo.uri());
    final LocalBus bus = new LocalBus();
    final List<DeviceStatusEvent> statuses = new CopyOnWriteArrayList<>();
    final List<DeviceNewEvent> news = new CopyOnWriteArrayList<>();
    final List<UspNotifyEvent> notifies = new CopyOnWriteArrayList<>();
    private final List<Subscription> subs = new CopyOnWriteArrayList<>();
    private final List<UspController> controllers = new CopyOnWriteArrayList<>();

    Harness() {
        subs.add(bus.subscribeEvents("t-status", bus.subjects().events(), Duration.ofSeconds(30), e -> {
            String s = e.subject();
            if (s.contains(".device.status.")) statuses.add(e.decode(DeviceStatusEvent.class));
            if (s.contains(".device.new.")) news.add(e.decode(DeviceNewEvent.class));
            if (s.contains(".usp.notify.")) notifies.add(e.decode(UspNotifyEvent.class));
            e.ack();
        }));
    }

    UspController.Builder controller(String mqttUrl, MqttVersion version) {
        return UspController.builder().bus(bus).store(store).mqttUrl(mqttUrl).mqttVersion(version)
                .endpointId(CONTROLLER_ID).controllerTopic("usp/controller/" + System.nanoTime())
                .requestTimeout(Duration.ofSeconds(5)).connectWait(Duration.ofSeconds(10))
                .touchFlushInterval(Duration.ofMillis(200));
    }

    UspController start(UspController.Builder b) {
        UspController c = b.build().start();
        controllers.add(c);
        return c;
    }

    /** usp.msg.<sn> over the bus, as Lua and REST do it. */
    CompletableFuture<UspMsgReply> request(String sn, Msg msg, long timeoutMs) {
        return bus.request(bus.subjects().uspMsg(sn), new UspMsgRequest(UspJson.toJson(msg), timeoutMs), UspMsgReply.class,
                Duration.ofMillis(timeoutMs + 5000));
    }

    CompletableFuture<UspMsgReply> requestJson(String sn, String json, long timeoutMs) {
        return bus.request(bus.subjects().uspMsg(sn), Json.encode(new UspMsgRequest(json, timeoutMs)), Duration.ofMillis(timeoutMs + 5000))
                .thenApply(m -> m.decode(UspMsgReply.class));
    }

    static Msg msg(UspMsgReply r) {
        return UspJson.msgFromJson(r.msg());
    }

    void forEachController(Consumer<UspController> c) {
        controllers.forEach(c);
    }

    @Override
    public void close() {
        controllers.forEach(UspController::close);
        subs.forEach(Subscription::close);
        bus.close();
        store.close();
        mongo.close();
    }
}
