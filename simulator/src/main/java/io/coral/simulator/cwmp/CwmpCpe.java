package io.coral.simulator.cwmp;

import io.coral.cwmp.AcsRequest;
import io.coral.cwmp.AutonomousTransferComplete;
import io.coral.cwmp.ChangeDUState;
import io.coral.cwmp.CpeRequest;
import io.coral.cwmp.CwmpFault;
import io.coral.cwmp.CwmpMessage;
import io.coral.cwmp.DUStateChangeComplete;
import io.coral.cwmp.DeviceId;
import io.coral.cwmp.DuOperation;
import io.coral.cwmp.Envelope;
import io.coral.cwmp.EventCodes;
import io.coral.cwmp.EventStruct;
import io.coral.cwmp.FaultStruct;
import io.coral.cwmp.Inform;
import io.coral.cwmp.InformResponse;
import io.coral.cwmp.OpResult;
import io.coral.cwmp.ParameterValue;
import io.coral.cwmp.RequestDownload;
import io.coral.cwmp.TransferComplete;
import io.coral.cwmp.codec.CwmpParseException;
import io.coral.simulator.model.DeviceModel;
import io.coral.simulator.model.ModelException;
import io.coral.simulator.model.NodeDef;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One simulated TR-069 CPE. Sessions run on virtual threads, one at a time per CPE; whatever asks for a session
 * while one runs (a connection request, a periodic timer) joins the next. State is small: the data model keeps
 * only this device's changes, the rest are short lists that are empty when the device is idle.
 */
public final class CwmpCpe {
    private static final Logger log = LoggerFactory.getLogger(CwmpCpe.class);
    private static final Pattern VERSION_IN_NAME = Pattern.compile("(\\d+(?:\\.\\d+)+)");

    private final CwmpContext ctx;
    private final DeviceModel model;
    private final CpeRpcs rpcs;
    private final String serial;
    private final String ms;
    // guarded by this
    private List<EventStruct> events;
    private List<PendingRpc> pendingRpcs;
    private List<String> changed;
    private List<Transfer> transfers;
    private List<Runnable> afterSession;
    private boolean inSession;
    private boolean again;
    private boolean bootstrapped;
    private boolean stopped;
    private int retryCount;
    private int idCounter;
    private ScheduledFuture<?> periodic;
    private ScheduledFuture<?> retry;

    /** A CPE→ACS request waiting for a session, with the Inform events that announce it. */
    private record PendingRpc(CpeRequest rpc, List<EventStruct> events) {
    }

    CwmpCpe(CwmpContext ctx, DeviceModel model) {
        this.ctx = ctx;
        this.model = model;
        this.serial = model.identity().serial();
        this.ms = model.model().root() + "ManagementServer.";
        this.rpcs = new CpeRpcs(this);
    }

    public String serial() {
        return serial;
    }

    public DeviceModel model() {
        return model;
    }

    /** Powers the device on: 0 BOOTSTRAP (first contact) and 1 BOOT, then periodic informs. */
    public void start() {
        synchronized (this) {
            stopped = false;
            if (!bootstrapped) {
                addEvent(new EventStruct(EventCodes.BOOTSTRAP));
            }
            addEvent(new EventStruct(EventCodes.BOOT));
        }
        schedulePeriodic(true);
        requestSession();
    }

    /** Powers the device off: timers stop, a running session ends on its own. */
    public void stop() {
        synchronized (this) {
            stopped = true;
            if (periodic != null) {
                periodic.cancel(false);
            }
            if (retry != null) {
                retry.cancel(false);
            }
        }
    }

    /** The ACS knocked on the connection-request URL (already authenticated). */
    public void connectionRequest() {
        synchronized (this) {
            addEvent(new EventStruct(EventCodes.CONNECTION_REQUEST));
        }
        requestSession();
    }

    /**
     * A change made on the device itself: active notification (2) opens a session with 4 VALUE CHANGE, passive (1)
     * waits for the next one.
     */
    public void changeLocally(String path, String value) throws ModelException {
        int notification = model.setLocal(path, value);
        if (notification == 0) {
            return;
        }
        synchronized (this) {
            if (changed == null) {
                changed = new ArrayList<>(2);
            }
            if (!changed.contains(path)) {
                changed.add(path);
            }
            if (notification == 1) {
                return;
            }
            addEvent(new EventStruct(EventCodes.VALUE_CHANGE));
        }
        requestSession();
    }

    /**
     * The device fetched a file on its own (e.g. a firmware it found): 10 AUTONOMOUS TRANSFER COMPLETE and an
     * AutonomousTransferComplete, which every ACS must answer.
     */
    public void autonomousTransferComplete(String url, String fileType, long fileSize, int faultCode, String faultString) {
        String t = now();
        synchronized (this) {
            addPendingRpc(new PendingRpc(new AutonomousTransferComplete("", url, true, fileType, fileSize, "",
                    faultCode == 0 ? FaultStruct.NONE : new FaultStruct(faultCode, faultString), t, t),
                    List.of(new EventStruct(EventCodes.AUTONOMOUS_TRANSFER_COMPLETE))));
        }
        requestSession();
    }

    /** The device asks the ACS for a file of a type (9 REQUEST DOWNLOAD and a RequestDownload). */
    public void requestDownload(String fileType) {
        synchronized (this) {
            addPendingRpc(new PendingRpc(new RequestDownload(fileType, List.of()),
                    List.of(new EventStruct(EventCodes.REQUEST_DOWNLOAD))));
        }
        requestSession();
    }

    /** Pending Inform events, for tests and diagnostics. */
    public synchronized List<EventStruct> pendingEvents() {
        return events == null ? List.of() : List.copyOf(events);
    }

    synchronized List<Transfer> transfers() {
        return transfers == null ? List.of() : List.copyOf(transfers);
    }

    // ------------------------------------------------------------------ what RPCs leave behind

    synchronized void afterSession(Runnable action) {
        if (afterSession == null) {
            afterSession = new ArrayList<>(2);
        }
        afterSession.add(action);
    }

    void reboot(String commandKey) {
        synchronized (this) {
            addEvent(new EventStruct(EventCodes.M_REBOOT, commandKey));
            addEvent(new EventStruct(EventCodes.BOOT));
            if (transfers != null) {
                transfers.removeIf(t -> !t.started());
            }
        }
        model.rebooted();
        ctx.stats().event("reboot");
        ctx.timers().schedule(this::requestSession, ctx.rebootDelay().toMillis(), TimeUnit.MILLISECONDS);
    }

    void factoryReset() {
        model.factoryReset();
        synchronized (this) {
            bootstrapped = false;
            events = null;
            changed = null;
            transfers = null;
            pendingRpcs = null;
            addEvent(new EventStruct(EventCodes.BOOTSTRAP));
            addEvent(new EventStruct(EventCodes.BOOT));
        }
        ctx.stats().event("factory_reset");
        schedulePeriodic(false);
        ctx.timers().schedule(this::requestSession, ctx.rebootDelay().toMillis(), TimeUnit.MILLISECONDS);
    }

    void valuesSetByAcs(List<String> paths) {
        for (String p : paths) {
            if (p.startsWith(ms + "PeriodicInform")) {
                schedulePeriodic(false);
                return;
            }
        }
    }

    void scheduleInform(long delaySeconds, String commandKey) {
        ctx.timers().schedule(() -> {
            synchronized (this) {
                addEvent(new EventStruct(EventCodes.SCHEDULED));
                addEvent(new EventStruct(EventCodes.M_SCHEDULE_INFORM, commandKey));
            }
            requestSession();
        }, delaySeconds, TimeUnit.SECONDS);
    }

    void queueTransfer(Transfer t) {
        synchronized (this) {
            if (transfers == null) {
                transfers = new ArrayList<>(1);
            }
            transfers.add(t);
        }
        afterSession(() -> ctx.timers().schedule(() -> ctx.sessions().execute(() -> runTransfer(t)),
                t.delaySeconds(), TimeUnit.SECONDS));
    }

    synchronized boolean cancelTransfer(String commandKey) {
        if (transfers == null) {
            return false;
        }
        for (Transfer t : transfers) {
            if (t.commandKey().equals(commandKey) && !t.started()) {
                transfers.remove(t);
                return true;
            }
        }
        return false;
    }

    private void runTransfer(Transfer t) {
        synchronized (this) {
            if (transfers == null || !transfers.contains(t)) {
                return;
            }
            t.markStarted();
        }
        String start = now();
        FaultStruct fault = t.isDownload() ? fetch(t) : put(t);
        String complete = now();
        boolean firmware = t.isDownload() && t.isFirmware() && !fault.isFault();
        if (firmware) {
            Matcher m = VERSION_IN_NAME.matcher(t.url().substring(t.url().lastIndexOf('/') + 1));
            if (m.find()) {
                try {
                    model.setLocal(model.model().root() + "DeviceInfo.SoftwareVersion", m.group(1));
                } catch (ModelException e) {
                    log.debug("{}: no SoftwareVersion to update", serial);
                }
            }
            model.rebooted();
        }
        ctx.stats().event(fault.isFault() ? "transfer.failed" : "transfer.ok");
        synchronized (this) {
            transfers.remove(t);
            List<EventStruct> ev = new ArrayList<>(3);
            ev.add(new EventStruct(EventCodes.TRANSFER_COMPLETE));
            ev.add(new EventStruct(t.methodEvent(), t.commandKey()));
            if (firmware) {
                ev.add(new EventStruct(EventCodes.BOOT));
            }
            addPendingRpc(new PendingRpc(new TransferComplete(t.commandKey(), fault, start, complete), ev));
        }
        requestSession();
    }

    private FaultStruct fetch(Transfer t) {
        try {
            HttpResponse<byte[]> r = transferRequest(t, HttpRequest.newBuilder(URI.create(t.url())).GET());
            if (r.statusCode() == 401) {
                return new FaultStruct(9012, "File transfer server authentication failure");
            }
            if (r.statusCode() / 100 != 2) {
                return new FaultStruct(9016, "Unable to access file: HTTP " + r.statusCode());
            }
            if (t.fileSize() > 0 && r.body().length != t.fileSize()) {
                return new FaultStruct(9018, "File corrupted: expected " + t.fileSize() + " bytes, got " + r.body().length);
            }
            return FaultStruct.NONE;
        } catch (IOException | IllegalArgumentException e) {
            return new FaultStruct(9015, "Unable to contact file server: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new FaultStruct(9010, "Download interrupted");
        }
    }

    private FaultStruct put(Transfer t) {
        StringBuilder body = new StringBuilder();
        try {
            for (String p : model.parameterPaths("")) {
                body.append(p).append('=').append(model.getOr(p, "")).append('\n');
            }
        } catch (ModelException e) {
            body.append("# ").append(e.getMessage());
        }
        try {
            HttpResponse<byte[]> r = transferRequest(t, HttpRequest.newBuilder(URI.create(t.url()))
                    .PUT(HttpRequest.BodyPublishers.ofString(body.toString())));
            if (r.statusCode() == 401) {
                return new FaultStruct(9012, "File transfer server authentication failure");
            }
            return r.statusCode() / 100 == 2 ? FaultStruct.NONE : new FaultStruct(9011, "Upload failure: HTTP " + r.statusCode());
        } catch (IOException | IllegalArgumentException e) {
            return new FaultStruct(9015, "Unable to contact file server: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new FaultStruct(9011, "Upload interrupted");
        }
    }

    private HttpResponse<byte[]> transferRequest(Transfer t, HttpRequest.Builder b) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = AcsConnection.sendWithin(ctx.http(), b.build(), ctx.httpTimeout());
        if (r.statusCode() == 401 && !t.username().isEmpty()) {
            String auth = null;
            for (String h : r.headers().allValues("WWW-Authenticate")) {
                if (HttpAuth.scheme(h).equals("digest")) {
                    URI u = URI.create(t.url());
                    auth = HttpAuth.digest(HttpAuth.params(h), t.isDownload() ? "GET" : "PUT",
                            u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery()), t.username(),
                            t.password(), 1);
                } else if (auth == null && HttpAuth.scheme(h).equals("basic")) {
                    auth = HttpAuth.basic(t.username(), t.password());
                }
            }
            if (auth != null) {
                r = AcsConnection.sendWithin(ctx.http(), b.header("Authorization", auth).build(), ctx.httpTimeout());
            }
        }
        return r;
    }

    void changeDuState(ChangeDUState r) {
        String du = model.model().root() + "SoftwareModules.DeploymentUnit.";
        List<OpResult> results = new ArrayList<>();
        for (DuOperation op : r.operations()) {
            String start = now();
            switch (op) {
                case DuOperation.Install i -> {
                    String uuid = i.uuid().isEmpty() ? UUID.randomUUID().toString() : i.uuid();
                    try {
                        int n = model.addInstance(du, true);
                        String p = du + n + ".";
                        String name = i.url().substring(i.url().lastIndexOf('/') + 1);
                        model.setLocal(p + "UUID", uuid);
                        model.setLocal(p + "URL", i.url());
                        model.setLocal(p + "Name", name);
                        model.setLocal(p + "Version", versionIn(name, "1.0"));
                        results.add(new OpResult(uuid, p, versionIn(name, "1.0"), "Installed", true, "", start, now(),
                                FaultStruct.NONE, null));
                    } catch (ModelException e) {
                        results.add(new OpResult(uuid, "", "", "Failed", false, "", start, now(),
                                new FaultStruct(9026, "Installation failure: " + e.getMessage()), null));
                    }
                }
                case DuOperation.Update u -> {
                    String p = findDu(du, u.uuid());
                    if (p == null) {
                        results.add(new OpResult(u.uuid(), "", u.version(), "Failed", false, "", start, now(),
                                new FaultStruct(9028, "Unknown Deployment Unit"), null));
                    } else {
                        String version = u.version().isEmpty() ? "2.0" : u.version();
                        try {
                            model.setLocal(p + "Version", version);
                        } catch (ModelException e) {
                            log.debug("{}: {}", serial, e.getMessage());
                        }
                        results.add(new OpResult(u.uuid(), p, version, "Installed", true, "", start, now(),
                                FaultStruct.NONE, null));
                    }
                }
                case DuOperation.Uninstall u -> {
                    String p = findDu(du, u.uuid());
                    if (p == null) {
                        results.add(new OpResult(u.uuid(), "", u.version(), "Failed", false, "", start, now(),
                                new FaultStruct(9028, "Unknown Deployment Unit"), null));
                    } else {
                        try {
                            model.deleteInstance(p, true);
                        } catch (ModelException e) {
                            log.debug("{}: {}", serial, e.getMessage());
                        }
                        results.add(new OpResult(u.uuid(), p, u.version(), "Uninstalled", true, "", start, now(),
                                FaultStruct.NONE, null));
                    }
                }
            }
        }
        synchronized (this) {
            addPendingRpc(new PendingRpc(new DUStateChangeComplete(results, r.commandKey()),
                    List.of(new EventStruct(EventCodes.DU_STATE_CHANGE_COMPLETE),
                            new EventStruct(EventCodes.M_CHANGE_DU_STATE, r.commandKey()))));
        }
        requestSession();
    }

    private String findDu(String table, String uuid) {
        for (int n : model.instances(table)) {
            if (model.getOr(table + n + ".UUID", "").equals(uuid)) {
                return table + n + ".";
            }
        }
        return null;
    }

    private static String versionIn(String name, String fallback) {
        Matcher m = VERSION_IN_NAME.matcher(name);
        return m.find() ? m.group(1) : fallback;
    }

    // ------------------------------------------------------------------ sessions

    private void addEvent(EventStruct e) {
        if (events == null) {
            events = new ArrayList<>(3);
        }
        if (EventCodes.isMethodEvent(e.eventCode()) || !events.contains(e)) {
            events.add(e);
        }
    }

    private void addPendingRpc(PendingRpc p) {
        if (pendingRpcs == null) {
            pendingRpcs = new ArrayList<>(1);
        }
        pendingRpcs.add(p);
    }

    /** Starts a session now, or right after the one that is running. */
    void requestSession() {
        log.trace("{}: session requested", serial);
        synchronized (this) {
            if (stopped) {
                return;
            }
            if (inSession) {
                again = true;
                return;
            }
            inSession = true;
        }
        ctx.sessions().execute(this::sessionLoop);
    }

    private void sessionLoop() {
        while (true) {
            boolean ok;
            try {
                ctx.sessionPermits().acquire();
            } catch (InterruptedException e) {
                synchronized (this) {
                    inSession = false;
                }
                return;
            }
            try {
                ok = session();
            } finally {
                ctx.sessionPermits().release();
            }
            List<Runnable> actions;
            synchronized (this) {
                actions = afterSession;
                afterSession = null;
            }
            if (actions != null) {
                for (Runnable a : actions) {
                    try {
                        a.run();
                    } catch (RuntimeException e) {
                        log.warn("{}: post-session action failed: {}", serial, e.toString(), e);
                    }
                }
            }
            synchronized (this) {
                if (!ok) {
                    inSession = false;
                    again = false;
                    scheduleRetry();
                    return;
                }
                retryCount = 0;
                if (!again || stopped) {
                    inSession = false;
                    return;
                }
                again = false;
            }
        }
    }

    /** TR-069 3.2.1.1: wait 5-10 s, doubling per failure up to 2560-5120 s. */
    private synchronized void scheduleRetry() {
        if (stopped) {
            return;
        }
        retryCount++;
        long base = 5L << Math.min(retryCount - 1, 9);
        long delay = base + ThreadLocalRandom.current().nextLong(base + 1);
        retry = ctx.timers().schedule(this::requestSession, delay, TimeUnit.SECONDS);
    }

    private boolean session() {
        long t0 = System.nanoTime();
        List<EventStruct> informEvents;
        List<PendingRpc> rpcs;
        List<String> changedNow;
        synchronized (this) {
            LinkedHashSet<EventStruct> ev = new LinkedHashSet<>();
            if (events != null) {
                ev.addAll(events);
            }
            rpcs = pendingRpcs == null ? List.of() : List.copyOf(pendingRpcs);
            for (PendingRpc p : rpcs) {
                ev.addAll(p.events());
            }
            changedNow = changed == null ? List.of() : List.copyOf(changed);
            if (!changedNow.isEmpty()) {
                ev.add(new EventStruct(EventCodes.VALUE_CHANGE));
            }
            if (ev.isEmpty()) {
                // a session was asked for but there is nothing to say (e.g. its events went with the previous one)
                return true;
            }
            informEvents = List.copyOf(ev);
        }
        log.debug("{}: session with {}", serial, informEvents);
        String user = model.expand(model.getOr(ms + "Username", ctx.acsUsername() == null ? "" : ctx.acsUsername()));
        String pass = ctx.acsPassword() == null ? "" : model.expand(ctx.acsPassword());
        AcsConnection conn = new AcsConnection(ctx.http(), ctx.acsUrl(), user, pass, ctx.httpTimeout());
        try {
            Envelope reply = exchange(conn, inform(informEvents, changedNow));
            if (!(reply.body() instanceof InformResponse)) {
                return fail("inform_rejected", reply);
            }
            synchronized (this) {
                if (events != null) {
                    events.removeAll(informEvents);
                }
                if (changed != null) {
                    changed.removeAll(changedNow);
                }
                bootstrapped = true;
            }
            for (EventStruct e : informEvents) {
                ctx.stats().event(e.eventCode());
            }
            // HoldRequests=true: the ACS wants to speak first; our requests wait for a later session
            List<PendingRpc> toSend = reply.holdRequests() ? List.of() : rpcs;
            if (reply.holdRequests() && !rpcs.isEmpty()) {
                ctx.timers().schedule(this::requestSession, 5, TimeUnit.SECONDS);
            }
            for (PendingRpc p : toSend) {
                Envelope r = exchange(conn, envelope(p.rpc()));
                if (r.body() instanceof CwmpFault f) {
                    ctx.stats().error("fault_" + f.faultCode());
                    return false;
                }
                synchronized (this) {
                    if (pendingRpcs != null) {
                        pendingRpcs.remove(p);
                    }
                }
            }
            Envelope next = exchange(conn, Envelope.EMPTY);
            while (!next.isEmpty()) {
                Envelope answer;
                if (next.body() instanceof AcsRequest req) {
                    ctx.stats().event("rpc." + req.methodName());
                    CwmpMessage m = rpcs().handle(req);
                    if (m instanceof CwmpFault f) {
                        ctx.stats().event("fault." + f.faultCode());
                        log.debug("{}: {} answered with fault {} {} {}", serial, req.methodName(), f.faultCode(),
                                f.faultString(), f.parameterFaults());
                    }
                    answer = next.reply(m);
                } else {
                    // an ACS response where a request was expected: answer with a fault, as a CPE would
                    answer = next.reply(new CwmpFault(CwmpFault.METHOD_NOT_SUPPORTED, "Method not supported"));
                    ctx.stats().error("unexpected_message");
                }
                next = exchange(conn, answer);
            }
            ctx.stats().session(System.nanoTime() - t0);
            return true;
        } catch (AcsConnection.HttpStatusException e) {
            ctx.stats().error("http_" + e.status);
            log.debug("{}: session failed: {}", serial, e.getMessage());
        } catch (HttpConnectTimeoutException | ConnectException e) {
            ctx.stats().error("connect");
            log.debug("{}: cannot reach the ACS: {}", serial, e.toString());
        } catch (HttpTimeoutException e) {
            ctx.stats().error("timeout");
            log.debug("{}: ACS timed out", serial);
        } catch (IOException e) {
            ctx.stats().error("io");
            log.debug("{}: session I/O error: {}", serial, e.toString());
        } catch (CwmpParseException e) {
            ctx.stats().error("bad_envelope");
            log.debug("{}: unreadable ACS envelope: {}", serial, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (ctx.sessions().isShutdown()) {
                log.debug("{}: session cut short by the fleet closing", serial);
                return false;
            }
            ctx.stats().error("internal");
            log.warn("{}: session failed: {}", serial, e.toString(), e);
        }
        return false;
    }

    private CpeRpcs rpcs() {
        return rpcs;
    }

    private boolean fail(String kind, Envelope reply) {
        if (reply.body() instanceof CwmpFault f) {
            ctx.stats().error("fault_" + f.faultCode());
        } else {
            ctx.stats().error(kind);
        }
        return false;
    }

    private Envelope exchange(AcsConnection conn, Envelope out) throws IOException, InterruptedException, CwmpParseException {
        byte[] reply = conn.post(ctx.codec().encodeStreaming(out));
        return reply.length == 0 ? Envelope.EMPTY : ctx.codec().decodeStreaming(reply);
    }

    private Envelope envelope(CwmpMessage body) {
        String id;
        synchronized (this) {
            id = Integer.toString(++idCounter);
        }
        return Envelope.of(id, ctx.namespace(), body);
    }

    private Envelope inform(List<EventStruct> ev, List<String> changedNow) {
        String root = model.model().root();
        DeviceId id = new DeviceId(model.getOr(root + "DeviceInfo.Manufacturer", ""),
                model.getOr(root + "DeviceInfo.ManufacturerOUI", model.identity().oui()),
                model.getOr(root + "DeviceInfo.ProductClass", model.identity().productClass()), serial);
        List<ParameterValue> params = new ArrayList<>();
        LinkedHashSet<String> names = new LinkedHashSet<>(model.model().informParameters());
        names.addAll(changedNow);
        for (String p : names) {
            NodeDef def = model.resolve(p);
            if (def != null && def.isParameter()) {
                params.add(new ParameterValue(p, model.getOr(p, ""), "xsd:" + def.type().xsdName()));
            }
        }
        int retries;
        synchronized (this) {
            retries = retryCount;
        }
        return envelope(new Inform(id, ev, 1, now(), retries, params));
    }

    private void schedulePeriodic(boolean first) {
        long interval;
        boolean enabled = Boolean.parseBoolean(model.getOr(ms + "PeriodicInformEnable", "true"));
        try {
            interval = Long.parseLong(model.getOr(ms + "PeriodicInformInterval", "0"));
        } catch (NumberFormatException e) {
            interval = 0;
        }
        synchronized (this) {
            if (periodic != null) {
                periodic.cancel(false);
                periodic = null;
            }
            if (!enabled || interval <= 0 || stopped) {
                return;
            }
            // spread a fleet's informs over the interval instead of having them all fire at once
            long firstDelayMs = first && ctx.periodicJitter()
                    ? ThreadLocalRandom.current().nextLong(interval * 1000) + interval * 1000 / 2
                    : interval * 1000;
            long iv = interval;
            periodic = ctx.timers().scheduleAtFixedRate(() -> {
                synchronized (this) {
                    addEvent(new EventStruct(EventCodes.PERIODIC));
                }
                requestSession();
            }, firstDelayMs, iv * 1000, TimeUnit.MILLISECONDS);
        }
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
