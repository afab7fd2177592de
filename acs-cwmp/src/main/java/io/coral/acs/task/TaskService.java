package io.coral.acs.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coral.acs.cr.ConnectionRequester;
import io.coral.acs.session.Outgoing;
import io.coral.bus.Bus;
import io.coral.bus.Json;
import io.coral.bus.Message;
import io.coral.bus.Subjects;
import io.coral.bus.Subscription;
import io.coral.bus.command.BusError;
import io.coral.bus.command.CwmpRpcReply;
import io.coral.bus.command.CwmpRpcRequest;
import io.coral.bus.event.CwmpTaskDoneEvent;
import io.coral.cwmp.AcsRequest;
import io.coral.cwmp.CwmpFault;
import io.coral.cwmp.CwmpMessage;
import io.coral.cwmp.DeleteObject;
import io.coral.cwmp.DeleteObjectResponse;
import io.coral.cwmp.GetParameterNamesResponse;
import io.coral.cwmp.GetParameterValuesResponse;
import io.coral.cwmp.ParameterInfo;
import io.coral.cwmp.ParameterValue;
import io.coral.cwmp.SetParameterValues;
import io.coral.cwmp.SetParameterValuesResponse;
import io.coral.cwmp.codec.CwmpCodec;
import io.coral.cwmp.codec.CwmpParseException;
import io.coral.store.Device;
import io.coral.store.Parameter;
import io.coral.store.Store;
import io.coral.store.Task;
import io.coral.store.TaskState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CWMP commands from the bus ({@code cwmp.rpc.<sn>}, queue group) as durable tasks in the store: validated,
 * queued, delivered now (connection request, then wait) or at the next Inform, answered on the bus, and
 * announced with {@link CwmpTaskDoneEvent}. Sessions claim tasks one at a time through {@link #next}.
 */
public final class TaskService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TaskService.class);
    public static final String CWMP = "cwmp";
    private static final Duration POLL = Duration.ofMillis(250);
    private static final Duration MAX_BACKOFF = Duration.ofHours(1);

    /** Settings taken from the ACS configuration. */
    public record Settings(String instanceId, String queueGroup, Duration taskTimeout, int maxAttempts,
            Duration backoff, Duration ttl) {}

    private final Store store;
    private final Bus bus;
    private final Settings settings;
    private final CwmpCodec codec;
    private final ConnectionRequester requester;
    private final Clock clock;
    private final PendingTasks pending;
    private final Predicate<String> inLocalSession;
    private final Map<String, CompletableFuture<CwmpRpcReply>> waiters = new ConcurrentHashMap<>();
    private final Map<String, Integer> waitingDevices = new ConcurrentHashMap<>();
    private volatile Subscription subscription;
    private volatile boolean closed;

    public TaskService(Store store, Bus bus, Settings settings, CwmpCodec codec, ConnectionRequester requester,
            Clock clock, PendingTasks pending, Predicate<String> inLocalSession) {
        this.store = store;
        this.bus = bus;
        this.settings = settings;
        this.codec = codec;
        this.requester = requester;
        this.clock = clock;
        this.pending = pending;
        this.inLocalSession = inLocalSession;
    }

    /** Requeues what this instance had sent before a restart, loads the pending hints, subscribes to commands. */
    public void start() {
        long requeued = store.tasks().requeueOwnedBy(settings.instanceId());
        if (requeued > 0) {
            LOG.info("requeued {} tasks this instance ({}) had sent before it stopped", requeued, settings.instanceId());
        }
        pending.refresh(100_000);
        subscription = bus.subscribe(bus.subjects().cwmpRpcAll(), settings.queueGroup(), this::onRpc);
    }

    private void onRpc(Message m) {
        if (m.replyTo() == null) {
            LOG.warn("command on {} without a reply subject, ignored", m.subject());
            return;
        }
        CwmpRpcReply reply;
        try {
            String sn = Subjects.lastToken(m.subject());
            CwmpRpcRequest req;
            try {
                req = m.decode(CwmpRpcRequest.class);
            } catch (RuntimeException e) {
                bus.reply(m, new CwmpRpcReply(null, null, BusError.of("invalid", "not a CwmpRpcRequest: "
                        + e.getMessage())));
                return;
            }
            reply = handle(sn, req);
        } catch (RuntimeException e) {
            LOG.warn("command on {} failed", m.subject(), e);
            reply = new CwmpRpcReply(null, null, BusError.of("internal", e.toString()));
        }
        bus.reply(m, reply);
    }

    /** Queues the command and, in mode {@code now}, waits for its result. */
    public CwmpRpcReply handle(String sn, CwmpRpcRequest req) {
        String mode = req.mode() == null || req.mode().isBlank() ? CwmpRpcRequest.MODE_NOW : req.mode();
        if (!mode.equals(CwmpRpcRequest.MODE_NOW) && !mode.equals(CwmpRpcRequest.MODE_NEXT_INFORM)) {
            return invalid("mode must be 'now' or 'next_inform', not '" + mode + "'");
        }
        AcsRequest request;
        ObjectNode stored = Json.MAPPER.createObjectNode();
        try {
            if (req.xml() != null && !req.xml().isBlank()) {
                request = codec.parseScriptEnvelope(req.xml());
                stored.put("xml", req.xml());
            } else {
                request = RpcArgs.toRequest(req.rpc(), req.args(), n -> null);
                stored.put("rpc", req.rpc());
                stored.set("args", req.args() == null ? Json.MAPPER.createObjectNode() : req.args());
            }
        } catch (CwmpParseException e) {
            return invalid("bad CWMP message: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            return invalid(e.getMessage());
        }
        Optional<Device> device = store.devices().find(sn);
        if (device.isEmpty()) {
            device = store.devices().findByAnyId(sn);
        }
        if (device.isEmpty() || device.get().cwmp() == null) {
            return new CwmpRpcReply(null, null, BusError.of("not_found", "no CWMP device " + sn));
        }
        String deviceSn = device.get().sn();
        Instant now = clock.instant();
        String key = RpcArgs.commandKey(request);
        Task task = store.tasks().enqueue(deviceSn, CWMP, request.methodName(), stored.toString(),
                key == null || key.isEmpty() ? null : key, settings.maxAttempts(), now.plus(settings.ttl()));
        pending.add(deviceSn);
        LOG.debug("task {} {} queued for {} ({})", task.id(), task.kind(), deviceSn, mode);
        if (mode.equals(CwmpRpcRequest.MODE_NEXT_INFORM)) {
            return new CwmpRpcReply(task.id(), Json.MAPPER.createObjectNode().put("task_id", task.id())
                    .put("state", TaskState.QUEUED.wire()), null);
        }
        Duration timeout = req.timeoutMs() != null && req.timeoutMs() > 0 ? Duration.ofMillis(req.timeoutMs())
                : settings.taskTimeout();
        return runNow(device.get(), task, now.plus(timeout), timeout);
    }

    private CwmpRpcReply runNow(Device device, Task task, Instant deadline, Duration timeout) {
        String sn = device.sn();
        CompletableFuture<CwmpRpcReply> waiter = new CompletableFuture<>();
        waiters.put(task.id(), waiter);
        waitingDevices.merge(sn, 1, Integer::sum);
        try {
            // In a session here, the session runs the task; if it ends first, ended() kicks the device.
            boolean crDeferred = inLocalSession.test(sn);
            if (!crDeferred) {
                CwmpRpcReply failed = connectionRequest(device, task, waiter, deadline);
                if (failed != null) {
                    return failed;
                }
            }
            while (true) {
                long left = deadline.toEpochMilli() - clock.millis();
                if (left <= 0) {
                    break;
                }
                try {
                    return waiter.get(Math.min(left, POLL.toMillis()), TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    // Another instance may have run the task: the store knows.
                    Optional<Task> current = store.tasks().find(task.id());
                    Optional<CwmpRpcReply> done = finished(task.id(), current);
                    if (done.isPresent()) {
                        return done.get();
                    }
                    // The session ended without taking the task and the kick did not bring the CPE back (a CPE
                    // may refuse a connection request while it is still closing its session): ask it ourselves.
                    if (crDeferred && current.get().state() == TaskState.QUEUED && !inLocalSession.test(sn)) {
                        crDeferred = false;
                        LOG.info("task {}: the session of {} ended without running it; connection request",
                                task.id(), sn);
                        CwmpRpcReply failed = connectionRequest(device, task, waiter, deadline);
                        if (failed != null) {
                            return failed;
                        }
                    }
                }
            }
            Optional<Task> last = store.tasks().find(task.id());
            Optional<CwmpRpcReply> done = finished(task.id(), last);
            if (done.isPresent()) {
                return done.get();
            }
            String state = last.map(t -> t.state().wire()).orElse("deleted");
            return new CwmpRpcReply(task.id(), null, new BusError("timeout", "no answer from " + sn + " within "
                    + timeout.toMillis() + " ms; the task stays " + state, taskDetail(task.id(), state)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new CwmpRpcReply(task.id(), null, BusError.of("internal", "interrupted"));
        } catch (java.util.concurrent.ExecutionException e) {
            return new CwmpRpcReply(task.id(), null, BusError.of("internal", e.getCause().toString()));
        } finally {
            waiters.remove(task.id());
            waitingDevices.computeIfPresent(sn, (k, n) -> n <= 1 ? null : n - 1);
        }
    }

    /** Returns a reply when the device cannot be reached; null when the CPE accepted (or may still accept). */
    private CwmpRpcReply connectionRequest(Device device, Task task, CompletableFuture<CwmpRpcReply> waiter,
            Instant deadline) throws InterruptedException, java.util.concurrent.ExecutionException {
        Device.CwmpInfo c = device.cwmp();
        long backoff = 1000;
        while (true) {
            ConnectionRequester.Result r = requester.request(c.connectionRequestUrl(),
                    c.connectionRequestUsername(), c.connectionRequestPassword());
            switch (r.outcome()) {
                case OK -> {
                    return null;
                }
                case BUSY -> {
                    long left = deadline.toEpochMilli() - clock.millis();
                    if (left <= backoff) {
                        return null;
                    }
                    try {
                        waiter.get(backoff, TimeUnit.MILLISECONDS);
                        return null;
                    } catch (TimeoutException e) {
                        backoff = Math.min(backoff * 2, 8000);
                    }
                }
                default -> {
                    LOG.info("connection request to {} failed: {} {}", device.sn(), r.outcome(), r.detail());
                    ObjectNode detail = taskDetail(task.id(), TaskState.QUEUED.wire());
                    detail.put("connection_request", r.outcome().name().toLowerCase(java.util.Locale.ROOT));
                    if (r.status() != 0) {
                        detail.put("http_status", r.status());
                    }
                    return new CwmpRpcReply(task.id(), null, new BusError("offline", "device " + device.sn()
                            + " cannot be reached (" + r.detail() + "); the task stays queued for its next Inform",
                            detail));
                }
            }
        }
    }

    /** Sends a connection request for a device that has callers waiting (e.g. a session ended just before). */
    public void kickIfWaiting(String sn) {
        if (closed || !waitingDevices.containsKey(sn) || !pending.mayHave(sn)) {
            return;
        }
        Thread.ofVirtual().name("cr-" + sn).start(() -> store.devices().find(sn).ifPresent(d -> {
            if (d.cwmp() != null) {
                requester.request(d.cwmp().connectionRequestUrl(), d.cwmp().connectionRequestUsername(),
                        d.cwmp().connectionRequestPassword());
            }
        }));
    }

    /** The reply for a task found in the store in a final state (or deleted), else empty. */
    private Optional<CwmpRpcReply> finished(String taskId, Optional<Task> t) {
        if (t.isEmpty()) {
            return Optional.of(new CwmpRpcReply(taskId, null, BusError.of("not_found", "task deleted")));
        }
        if (t.get().state() == TaskState.DONE) {
            return Optional.of(new CwmpRpcReply(taskId, parse(t.get().result()), null));
        }
        if (t.get().state() == TaskState.FAULT) {
            return Optional.of(new CwmpRpcReply(taskId, null, parseError(t.get().error())));
        }
        return Optional.empty();
    }

    // ---- session side ----

    /** Whether the device may have tasks: the hint, or the store when {@code checkStore}. */
    public boolean hasTasks(String sn, boolean checkStore) {
        if (pending.mayHave(sn)) {
            return true;
        }
        if (checkStore && store.tasks().hasQueued(sn, CWMP, clock.instant())) {
            pending.add(sn);
            return true;
        }
        return false;
    }

    /** Claims the device's next runnable task as a request to send. */
    public Optional<Outgoing> next(String sn, boolean checkStore) {
        if (!checkStore && !pending.mayHave(sn)) {
            return Optional.empty();
        }
        while (true) {
            long mark = pending.mark(sn); // before the claim: a task queued meanwhile keeps its hint
            Optional<Task> claimed = store.tasks().claimNext(sn, CWMP, settings.instanceId(), clock.instant());
            if (claimed.isEmpty()) {
                pending.removeUnlessAddedSince(sn, mark);
                return Optional.empty();
            }
            Task t = claimed.get();
            try {
                return Optional.of(new Outgoing(t.id(), t.kind(), toRequest(t), null));
            } catch (CwmpParseException | IllegalArgumentException e) {
                BusError err = BusError.of("invalid", "task cannot be sent: " + e.getMessage());
                store.tasks().fail(t.id(), Json.MAPPER.valueToTree(err).toString());
                finish(sn, t.id(), t.kind(), null, err);
            }
        }
    }

    private AcsRequest toRequest(Task t) throws CwmpParseException {
        JsonNode req = parse(t.request());
        if (req.hasNonNull("xml")) {
            return codec.parseScriptEnvelope(req.get("xml").asText());
        }
        String sn = t.sn();
        return RpcArgs.toRequest(req.path("rpc").asText(null), req.get("args"), name -> storedType(sn, name));
    }

    private String storedType(String sn, String name) {
        for (Parameter p : store.parameters().find(sn, name)) {
            if (p.path().equals(name)) {
                return p.type();
            }
        }
        return null;
    }

    /** The CPE answered a task's request (a response or a fault). */
    public void answered(String sn, Outgoing sent, CwmpMessage answer, String raw) {
        if (sent.taskId() == null) {
            return;
        }
        if (answer instanceof CwmpFault fault) {
            BusError err = RpcResults.error(fault, raw);
            store.tasks().fail(sent.taskId(), Json.MAPPER.valueToTree(err).toString());
            finish(sn, sent.taskId(), sent.kind(), null, err);
            return;
        }
        JsonNode result = RpcResults.result(answer);
        boolean completed = store.tasks().complete(sent.taskId(), result.toString());
        if (!completed) {
            LOG.warn("task {} of {} was answered but is no longer SENT in the store", sent.taskId(), sn);
        }
        try {
            remember(sn, sent, answer);
        } catch (RuntimeException e) {
            LOG.warn("storing what {} answered to {} failed: {}", sn, sent.kind(), e.toString());
        }
        finish(sn, sent.taskId(), sent.kind(), result, null);
    }

    /** A task's request got no answer: retry later with backoff, or give up after the last attempt. */
    public void abandoned(String sn, Outgoing sent, String reason) {
        if (sent.taskId() == null) {
            return;
        }
        int attempts = store.tasks().find(sent.taskId()).map(Task::attempts).orElse(1);
        Duration backoff = settings.backoff().multipliedBy(1L << Math.min(Math.max(attempts - 1, 0), 16));
        if (backoff.compareTo(MAX_BACKOFF) > 0) {
            backoff = MAX_BACKOFF;
        }
        BusError err = BusError.of("timeout", "no answer from " + sn + ": " + reason);
        TaskState state = store.tasks().retry(sent.taskId(), backoff, Json.MAPPER.valueToTree(err).toString(),
                clock.instant());
        if (state == TaskState.FAULT) {
            finish(sn, sent.taskId(), sent.kind(), null, err);
        } else {
            pending.add(sn);
            LOG.info("task {} ({}) of {} got no answer ({}); retry in {} s", sent.taskId(), sent.kind(), sn, reason,
                    backoff.toSeconds());
        }
    }

    /** Keeps what the answer says about the device's parameters. */
    private void remember(String sn, Outgoing sent, CwmpMessage answer) {
        Instant now = clock.instant();
        List<Parameter> params = new ArrayList<>();
        switch (answer) {
            case GetParameterValuesResponse r -> {
                for (ParameterValue p : r.parameterList()) {
                    params.add(new Parameter(sn, p.name(), p.value(), p.type(), null, now));
                }
            }
            case GetParameterNamesResponse r -> {
                for (ParameterInfo p : r.parameterList()) {
                    if (!p.name().endsWith(".")) {
                        params.add(new Parameter(sn, p.name(), null, null, p.writable(), now));
                    }
                }
            }
            case SetParameterValuesResponse r -> {
                if (sent.request() instanceof SetParameterValues spv) {
                    for (ParameterValue p : spv.parameterList()) {
                        params.add(new Parameter(sn, p.name(), p.value(), p.type(), true, now));
                    }
                }
                provisioned(sn, sent.taskId());
            }
            case DeleteObjectResponse r -> {
                if (sent.request() instanceof DeleteObject d) {
                    store.parameters().deletePrefix(sn, d.objectName());
                }
            }
            default -> { }
        }
        if (!params.isEmpty()) {
            store.parameters().upsertAll(sn, params);
        }
    }

    /** Queues the SetParameterValues that gives a bootstrapped CPE connection-request credentials. */
    public void provisionConnectionRequestCredentials(String sn, String root) {
        String user = "cr-" + java.util.HexFormat.of().formatHex(randomBytes(6));
        String pass = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(18));
        ObjectNode args = Json.MAPPER.createObjectNode();
        ObjectNode values = args.putObject("values");
        values.put(root + "ManagementServer.ConnectionRequestUsername", user);
        values.put(root + "ManagementServer.ConnectionRequestPassword", pass);
        args.put("parameter_key", "coral-cr");
        ObjectNode stored = Json.MAPPER.createObjectNode().put("rpc", "SetParameterValues");
        stored.set("args", args);
        stored.putObject("provision_cr").put("username", user).put("password", pass);
        store.tasks().enqueue(sn, CWMP, "SetParameterValues", stored.toString(), null, settings.maxAttempts(),
                clock.instant().plus(settings.ttl()));
        pending.add(sn);
    }

    private void provisioned(String sn, String taskId) {
        store.tasks().find(taskId).map(t -> parse(t.request()).get("provision_cr")).ifPresent(p -> {
            if (p != null && p.hasNonNull("username")) {
                store.devices().setCwmpConnectionRequestCredentials(sn, p.get("username").asText(),
                        p.path("password").asText(""));
                LOG.info("connection-request credentials of {} provisioned", sn);
            }
        });
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new java.security.SecureRandom().nextBytes(b);
        return b;
    }

    private void finish(String sn, String taskId, String kind, JsonNode result, BusError error) {
        CompletableFuture<CwmpRpcReply> waiter = waiters.get(taskId);
        if (waiter != null) {
            waiter.complete(new CwmpRpcReply(taskId, result, error));
        }
        bus.publishEvent(bus.subjects().cwmpTaskDone(sn),
                new CwmpTaskDoneEvent(sn, taskId, kind, result, error, clock.instant()))
                .exceptionally(e -> {
                    LOG.warn("publishing the end of task {} failed: {}", taskId, e.toString());
                    return null;
                });
    }

    private static ObjectNode taskDetail(String taskId, String state) {
        return Json.MAPPER.createObjectNode().put("task_id", taskId).put("state", state);
    }

    private static CwmpRpcReply invalid(String message) {
        return new CwmpRpcReply(null, null, BusError.of("invalid", message));
    }

    private static JsonNode parse(String json) {
        try {
            return json == null ? Json.MAPPER.nullNode() : Json.MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            return Json.MAPPER.getNodeFactory().textNode(json);
        }
    }

    private static BusError parseError(String json) {
        JsonNode n = parse(json);
        if (n.isObject() && n.has("code")) {
            return new BusError(n.get("code").asText(), n.path("message").asText(null), n.get("detail"));
        }
        return BusError.of("internal", json);
    }

    public PendingTasks pending() {
        return pending;
    }

    @Override
    public void close() {
        closed = true;
        Subscription s = subscription;
        if (s != null) {
            s.close();
        }
        waiters.values().forEach(w -> w.complete(new CwmpRpcReply(null, null,
                BusError.of("internal", "ACS shutting down"))));
    }
}
