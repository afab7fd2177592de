package io.coral.script;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coral.bus.Bus;
import io.coral.bus.Event;
import io.coral.bus.Json;
import io.coral.bus.Subjects;
import io.coral.bus.Subscription;
import io.coral.bus.event.CwmpTaskDoneEvent;
import io.coral.bus.event.DeviceNewEvent;
import io.coral.bus.event.DeviceStatusEvent;
import io.coral.bus.event.EventCode;
import io.coral.bus.event.InformEvent;
import io.coral.bus.event.TransferEvent;
import io.coral.bus.event.UspNotifyEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes the event stream through one durable subscription per engine instance and fans each event
 * out to blocking listeners, callback listeners, script triggers and task waiters. Events are acked once
 * handed to the in-memory queues.
 */
final class EventHub implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EventHub.class);
    private static final Duration TASK_MEMORY = Duration.ofMinutes(10);

    private final Bus bus;
    private final String root;
    // listeners for one device are indexed by its id, so an event only visits its device's listeners
    // and the wildcard ones (and 100k registrations cost no array copies)
    private final Set<Listener> anyDevice = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<String, Set<Listener>> byDevice = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();
    private final ConcurrentHashMap<String, TaskWait> tasks = new ConcurrentHashMap<>();
    private final Consumer<List<ScriptEvent>> triggers;
    private Subscription subscription;

    private record TaskWait(CompletableFuture<CwmpTaskDoneEvent> future, Instant created) {}

    EventHub(Bus bus, Consumer<List<ScriptEvent>> triggers) {
        this.bus = bus;
        this.root = bus.subjects().prefix() + ".events.";
        this.triggers = triggers;
    }

    void start(String durableName) {
        subscription = bus.subscribeEvents(durableName, bus.subjects().events(), Duration.ofSeconds(30), this::onEvent);
    }

    void add(Listener l) {
        boolean added = l.device == null ? anyDevice.add(l)
                : byDevice.computeIfAbsent(l.device, k -> ConcurrentHashMap.newKeySet()).add(l);
        if (added) {
            count.incrementAndGet();
        }
    }

    void remove(Listener l) {
        boolean removed;
        if (l.device == null) {
            removed = anyDevice.remove(l);
        } else {
            Set<Listener> set = byDevice.get(l.device);
            removed = set != null && set.remove(l);
            if (set != null && set.isEmpty()) {
                byDevice.remove(l.device, set);
            }
        }
        if (removed) {
            count.decrementAndGet();
        }
    }

    int listenerCount() {
        return count.get();
    }

    /** Completes when the task's cwmp_task_done event arrives (it may have arrived already). */
    CompletableFuture<CwmpTaskDoneEvent> awaitTask(String taskId) {
        purgeTasks();
        return tasks.computeIfAbsent(taskId, k -> new TaskWait(new CompletableFuture<>(), Instant.now())).future();
    }

    private void purgeTasks() {
        if (tasks.size() < 1024) {
            return;
        }
        Instant cutoff = Instant.now().minus(TASK_MEMORY);
        tasks.entrySet().removeIf(e -> e.getValue().created().isBefore(cutoff));
    }

    private void onEvent(Event ev) {
        List<ScriptEvent> events;
        try {
            events = decode(ev.subject(), ev.data());
        } catch (RuntimeException e) {
            log.warn("undecodable event on {} dropped: {}", ev.subject(), e.getMessage());
            ev.ack();
            return;
        }
        dispatch(events);
        ev.ack();
    }

    void dispatch(List<ScriptEvent> events) {
        for (ScriptEvent e : events) {
            offer(anyDevice, e);
            if (e.sn() != null) {
                Set<Listener> set = byDevice.get(e.sn());
                if (set != null) {
                    offer(set, e);
                }
            }
        }
        if (!events.isEmpty()) {
            triggers.accept(events);
        }
    }

    private static void offer(Set<Listener> listeners, ScriptEvent e) {
        for (Listener l : listeners) {
            try {
                if (l.matches(e)) {
                    l.deliver(e);
                }
            } catch (RuntimeException ex) {
                log.warn("listener {} failed on {}: {}", l.key, e.subject(), ex.toString());
            }
        }
    }

    List<ScriptEvent> decode(String subject, byte[] data) {
        String rel = subject.startsWith(root) ? subject.substring(root.length()) : subject;
        List<ScriptEvent> out = new ArrayList<>(2);
        if (rel.startsWith("cwmp.inform.")) {
            InformEvent in = Json.decode(data, InformEvent.class);
            String sn = in.sn() != null ? in.sn() : Subjects.lastToken(subject);
            List<EventCode> codes = in.events() == null ? List.of() : in.events();
            ObjectNode trigger = base("cwmp_inform", sn, rel);
            ArrayNode idx = trigger.putArray("events");
            ArrayNode all = trigger.putArray("codes");
            for (EventCode c : codes) {
                all.add(c.code());
                if (c.index() != null) {
                    idx.add(c.index());
                }
            }
            if (!idx.isEmpty()) {
                trigger.put("event", idx.get(0).asText());
            }
            put(trigger, "oui", in.oui());
            put(trigger, "product_class", in.productClass());
            put(trigger, "manufacturer", in.manufacturer());
            put(trigger, "model", in.model());
            put(trigger, "software_version", in.softwareVersion());
            put(trigger, "data_model", in.dataModel());
            trigger.put("new_device", in.newDevice());
            if (in.parameters() != null) {
                ObjectNode p = trigger.putObject("parameters");
                in.parameters().forEach(p::put);
            }
            // one listener event per single-occurrence code, in the documented shape
            for (EventCode c : codes) {
                if (c.index() == null) {
                    continue;
                }
                ObjectNode t = LuaJsonNodes.object();
                t.put("serial_number", sn);
                t.put("event", c.index());
                put(t, "event_code", c.code());
                put(t, "command_key", c.commandKey());
                out.add(new ScriptEvent("cwmp_inform", sn, rel, c.index(), "cwmp", in.model(), t));
            }
            out.add(new ScriptEvent("trigger", sn, rel, null, "cwmp", in.model(), trigger));
        } else if (rel.startsWith("cwmp.task.")) {
            CwmpTaskDoneEvent td = Json.decode(data, CwmpTaskDoneEvent.class);
            String sn = td.sn() != null ? td.sn() : Subjects.lastToken(subject);
            if (td.taskId() != null) {
                tasks.computeIfAbsent(td.taskId(), k -> new TaskWait(new CompletableFuture<>(), Instant.now()))
                        .future().complete(td);
                purgeTasks();
            }
            ObjectNode t = base("cwmp_task_done", sn, rel);
            t.put("event", "cwmp_task_done");
            put(t, "task_id", td.taskId());
            put(t, "rpc", td.rpc());
            if (td.result() != null) {
                t.set("result", td.result());
            }
            if (td.error() != null) {
                ObjectNode err = t.putObject("error");
                put(err, "error_code", td.error().code());
                put(err, "error_message", td.error().message());
            }
            out.add(new ScriptEvent("cwmp_task_done", sn, rel, "cwmp_task_done", "cwmp", null, t));
        } else if (rel.startsWith("cwmp.transfer.")) {
            TransferEvent te = Json.decode(data, TransferEvent.class);
            String sn = te.sn() != null ? te.sn() : Subjects.lastToken(subject);
            ObjectNode t = (ObjectNode) Json.MAPPER.valueToTree(te);
            t.remove("sn");
            t.put("serial_number", sn);
            t.put("type", "cwmp_transfer");
            t.put("subject", rel);
            out.add(new ScriptEvent("cwmp_transfer", sn, rel, null, "cwmp", null, t));
        } else if (rel.startsWith("device.new.")) {
            DeviceNewEvent dn = Json.decode(data, DeviceNewEvent.class);
            String sn = dn.sn() != null ? dn.sn() : Subjects.lastToken(subject);
            ObjectNode t = base("new_device", sn, rel);
            t.put("sn", sn);
            put(t, "protocol", dn.protocol());
            put(t, "vendor", dn.vendor());
            put(t, "model", dn.model());
            put(t, "product_class", dn.productClass());
            out.add(new ScriptEvent("new_device", sn, rel, null, dn.protocol(), dn.model(), t));
        } else if (rel.startsWith("device.status.")) {
            DeviceStatusEvent ds = Json.decode(data, DeviceStatusEvent.class);
            String sn = ds.sn() != null ? ds.sn() : Subjects.lastToken(subject);
            ObjectNode t = base("device_status", sn, rel);
            put(t, "protocol", ds.protocol());
            t.put("status", ds.status());
            t.put("overall", ds.overall());
            t.put("online", ds.overall() != 0);
            put(t, "reason", ds.reason());
            out.add(new ScriptEvent("device_status", sn, rel, null, ds.protocol(), null, t));
        } else if (rel.startsWith("usp.notify.")) {
            UspNotifyEvent un = Json.decode(data, UspNotifyEvent.class);
            String sn = un.sn() != null ? un.sn() : Subjects.lastToken(subject);
            ObjectNode t = base("usp_notify", sn, rel);
            put(t, "type", un.type());
            put(t, "subscription_id", un.subscriptionId());
            put(t, "path", un.path());
            put(t, "event_name", un.eventName());
            put(t, "value", un.value());
            put(t, "msg_id", un.msgId());
            if (un.params() != null) {
                ObjectNode p = t.putObject("params");
                for (Map.Entry<String, String> e : un.params().entrySet()) {
                    p.put(e.getKey(), e.getValue());
                }
            }
            out.add(new ScriptEvent("usp_notify", sn, rel, un.type(), "usp", null, t));
        } else {
            JsonNode any = data.length == 0 ? LuaJsonNodes.object() : Json.decode(data, JsonNode.class);
            ObjectNode t = base("event", Subjects.lastToken(subject), rel);
            t.set("data", any);
            out.add(new ScriptEvent("other", Subjects.lastToken(subject), rel, null, null, null, t));
        }
        return out;
    }

    private static ObjectNode base(String type, String sn, String rel) {
        ObjectNode t = LuaJsonNodes.object();
        t.put("type", type);
        t.put("serial_number", sn);
        t.put("subject", rel);
        return t;
    }

    private static void put(ObjectNode n, String k, String v) {
        if (v != null) {
            n.put(k, v);
        }
    }

    @Override
    public void close() {
        if (subscription != null) {
            subscription.close();
        }
    }
}
