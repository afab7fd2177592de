package io.coral.script;

import com.fasterxml.jackson.databind.JsonNode;
import io.coral.bus.Bus;
import io.coral.bus.SubjectPattern;
import io.coral.bus.Subjects;
import io.coral.bus.Subscription;
import io.coral.script.lib.LuaJson;
import io.coral.script.sandbox.Sandbox;
import io.coral.store.Run;
import io.coral.store.Script;
import io.coral.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Lua automation engine. Each run gets its own sandboxed globals on its own virtual thread; compiled
 * prototypes are cached per script version. Active scripts are deployed by a reconcile loop that reads
 * the store (so edits and activations made by any instance are picked up without a restart) and holds
 * a lease per script, so with several instances each active script runs on exactly one. Events arrive
 * through one durable subscription per instance; cron fires are claimed with a lease per fire.
 */
public final class ScriptEngine implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ScriptEngine.class);
    /** A fire that came due longer ago than this (the engine was down or stalled) is skipped, not run late. */
    private static final Duration MISSED_FIRE = Duration.ofMinutes(1);

    private final Bus bus;
    private final Store store;
    private final Limits limits;
    private final String instanceId;
    private final Duration reconcileInterval;
    private final Duration leaseTtl;
    private final Duration flushInterval;
    private final boolean serveApi;
    private final boolean finishDangling;
    private final int maxTriggerRuns;
    private final String credentialRealm;
    private final HttpGuard http;
    private final EventHub events;
    private final ScriptApi api;
    private final ConcurrentHashMap<String, Compiled> compiled = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Deployment> deployed = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, ScriptRun> runs = new ConcurrentHashMap<>();
    private final java.util.function.Consumer<String> runStarted;
    private final ReentrantLock reconcileLock = new ReentrantLock();
    /** Serialises cron fires with the swap of a script's deployment, so a fire is neither lost nor doubled by an edit. */
    private final ReentrantLock cronLock = new ReentrantLock();
    private final List<Thread> loops = new ArrayList<>();
    private Subscription apiSubscription;
    private volatile boolean running;

    private record Compiled(int version, String content, Prototype proto) {}

    private ScriptEngine(Builder b) {
        this.bus = b.bus;
        this.store = b.store;
        this.limits = b.limits;
        this.instanceId = b.instanceId;
        this.reconcileInterval = b.reconcileInterval;
        this.leaseTtl = b.leaseTtl != null ? b.leaseTtl : max(Duration.ofSeconds(10), b.reconcileInterval.multipliedBy(5));
        this.flushInterval = b.flushInterval;
        this.serveApi = b.serveApi;
        this.finishDangling = b.finishDanglingOnStart;
        this.maxTriggerRuns = b.maxTriggerRuns;
        this.runStarted = b.runStarted;
        this.credentialRealm = b.credentialRealm;
        this.http = new HttpGuard(b.httpAllowPrivate, Set.copyOf(b.httpAllowedHosts), limits.httpTimeout(), limits.maxHttpBodyBytes());
        this.events = new EventHub(bus, this::onTriggerEvents);
        this.api = new ScriptApi(this);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    public static Builder builder() {
        return new Builder();
    }

    public ScriptEngine start() {
        Sandbox.protectStringMetatable();
        running = true;
        if (finishDangling) {
            // only this instance's own runs: other live instances sharing the store own theirs
            long n = store.runs().finishDangling(instanceId, "engine restarted", Instant.now());
            if (n > 0) {
                log.info("{} run(s) left running by a previous start of {} marked stopped", n, instanceId);
            }
        }
        // deploy first, and give the long-running scripts a moment to register their listeners, so the
        // events that queued up while no engine ran reach them and the triggers
        reconcile();
        awaitListenersOfStartedRuns(Duration.ofSeconds(2));
        events.start("coral-scripts-" + Subjects.token(instanceId).replace('~', '_'));
        if (serveApi) {
            apiSubscription = bus.subscribe(bus.subjects().scriptsAll(), "coral-scripts", api::handle);
        }
        loops.add(Thread.ofVirtual().name("scripts-reconcile").start(() -> loop(reconcileInterval, this::reconcile)));
        loops.add(Thread.ofVirtual().name("scripts-cron").start(() -> loop(Duration.ofMillis(200), this::cronTick)));
        loops.add(Thread.ofVirtual().name("scripts-log").start(() -> loop(flushInterval, this::flushLogs)));
        log.info("script engine {} started", instanceId);
        return this;
    }

    private void awaitListenersOfStartedRuns(Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        for (Deployment d : deployed.values()) {
            ScriptRun r = d.longRun;
            while (r != null && !r.isListening() && !r.hasWaited() && !r.isDone() && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void loop(Duration every, Runnable task) {
        while (running) {
            try {
                Thread.sleep(every.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            if (!running) {
                return;
            }
            try {
                task.run();
            } catch (RuntimeException e) {
                log.warn("script engine background task failed: {}", e.toString());
            }
        }
    }

    // ---- accessors for the function library ----

    Bus bus() { return bus; }
    Store store() { return store; }
    public Limits limits() { return limits; }
    Subjects subjects() { return bus.subjects(); }
    EventHub events() { return events; }
    HttpGuard http() { return http; }
    String credentialRealm() { return credentialRealm; }
    public String instanceId() { return instanceId; }

    /** Listeners registered by live runs (blocking and callback). */
    public int listenerCount() {
        return events.listenerCount();
    }

    /** Runs alive in this instance. */
    public int activeRuns() {
        return runs.size();
    }

    // ---- compilation ----

    /** Compiles (once per version) the stored script; throws LuaError on a syntax error. */
    Prototype prototype(Script s) {
        Compiled c = compiled.get(s.name());
        if (c != null && c.version == s.version() && Objects.equals(c.content, s.content())) {
            return c.proto;
        }
        Prototype p = Sandbox.compile(s.content() == null ? "" : s.content(), s.name());
        compiled.put(s.name(), new Compiled(s.version(), s.content(), p));
        return p;
    }

    /** require(name): the current version of a library script (hot reload: looked up on each run's first require). */
    Prototype library(String name) {
        Optional<Script> s = store.scripts().find(name);
        if (s.isEmpty() || !s.get().library()) {
            return null;
        }
        return prototype(s.get());
    }

    // ---- runs ----

    /** Starts a manual run; returns its id. Throws IllegalArgumentException (unknown script, syntax error). */
    public String run(String name, JsonNode args) {
        Script s = store.scripts().find(name).orElseThrow(() -> new IllegalArgumentException("no script " + name));
        return startRun(s, "manual", g -> g.set("args", args == null ? new org.luaj.vm2.LuaTable() : LuaJson.toLua(args))).id;
    }

    ScriptRun startRun(Script s, String trigger, java.util.function.Consumer<Globals> extra) {
        Prototype p;
        try {
            p = prototype(s);
        } catch (LuaError e) {
            throw new IllegalArgumentException("syntax error: " + ScriptRun.message(e), e);
        }
        return startRun(s, p, trigger, extra, r -> { });
    }

    /** {@code beforeStart} sees the run before its thread starts (so runEnded can already recognise it). */
    private ScriptRun startRun(Script s, Prototype p, String trigger, java.util.function.Consumer<Globals> extra,
            java.util.function.Consumer<ScriptRun> beforeStart) {
        Run record = store.runs().start(s.name(), s.version(), trigger, Instant.now(), instanceId);
        ScriptRun r = new ScriptRun(this, record.id(), s.name(), s.version(), trigger, p, g -> {
            setGlobals(g, s.globals());
            extra.accept(g);
        });
        runs.put(r.id, r);
        beforeStart.accept(r);
        r.start();
        runStarted.accept(trigger);
        return r;
    }

    private static void setGlobals(Globals g, Map<String, String> globals) {
        if (globals == null) {
            return;
        }
        for (Map.Entry<String, String> e : globals.entrySet()) {
            String v = e.getValue();
            LuaValue value = LuaValue.valueOf(v == null ? "" : v);
            if (v != null && (v.startsWith("{") || v.startsWith("["))) {
                try {
                    value = LuaJson.toLua(io.coral.bus.Json.MAPPER.readTree(v));
                } catch (Exception ignored) {
                    // not JSON: the text itself
                }
            }
            g.set(e.getKey(), value);
        }
    }

    /** Stops a live run (its blocking call is interrupted, its listeners removed). */
    public boolean stopRun(String runId, String reason) {
        ScriptRun r = runs.get(runId);
        if (r == null) {
            return false;
        }
        r.stop(reason);
        return true;
    }

    /** Waits for a run of this instance to end; returns its final record (from the store). */
    public Optional<Run> awaitRun(String runId, Duration timeout) {
        ScriptRun r = runs.get(runId);
        if (r != null) {
            try {
                r.done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                return store.runs().find(runId);
            }
        }
        return store.runs().find(runId);
    }

    void runEnded(ScriptRun r, String outcome) {
        runs.remove(r.id);
        Deployment d = deployed.get(r.script);
        if (d != null && d.longRun == r && running) {
            store.scripts().setState(r.script, "ok".equals(outcome) || "stopped".equals(outcome) ? "stopped" : "failed");
        }
    }

    private void flushLogs() {
        for (ScriptRun r : runs.values()) {
            r.flushLog();
        }
    }

    // ---- deployment of active scripts ----

    /** Brings deployments in line with the store now (the API calls it after each change). */
    public void reconcile() {
        if (!running) {
            return;
        }
        reconcileLock.lock();
        try {
            Set<String> seen = new HashSet<>();
            for (Script s : store.scripts().list()) {
                seen.add(s.name());
                try {
                    reconcileOne(s);
                } catch (RuntimeException e) {
                    log.warn("script {} not reconciled: {}", s.name(), e.toString());
                }
            }
            for (String name : List.copyOf(deployed.keySet())) {
                if (!seen.contains(name)) {
                    undeploy(name, "deleted", true);
                }
            }
        } finally {
            reconcileLock.unlock();
        }
    }

    private void reconcileOne(Script s) {
        Deployment d = deployed.get(s.name());
        if (!s.active() || s.library()) {
            if (d != null) {
                undeploy(s.name(), "deactivated", true);
            }
            return;
        }
        if (!store.leases().tryAcquire("script:" + s.name(), instanceId, leaseTtl)) {
            if (d != null) {
                undeploy(s.name(), "owned by another instance", false);
            }
            return;
        }
        if (d != null && d.sameAs(s)) {
            return;
        }
        deploy(s, d);
    }

    /**
     * Deploys {@code s} in place of {@code previous} (null: not deployed) with no gap for events or cron:
     * the new deployment is built first and swapped into {@code deployed} in one step, so every trigger event
     * is matched by exactly one version (triggered runs are independent: an old one may still be running when
     * a new one starts). Only the long-running run is exclusive: the old one is stopped and waited for before
     * the new one starts.
     */
    private void deploy(Script s, Deployment previous) {
        Deployment next = prepare(s, previous);
        cronLock.lock();
        try {
            if (previous != null) {
                fireIfDue(previous); // a fire of the old version that came due just before the swap
            }
            if (next.cron != null) {
                next.nextFire = previous != null && previous.cron != null && previous.nextFire != null && previous.sameSchedule(s)
                        ? previous.nextFire
                        : next.cron.nextAfter(ZonedDateTime.now(next.cron.zone())).orElse(null);
            }
            deployed.put(s.name(), next);
        } finally {
            cronLock.unlock();
        }
        if (previous != null) {
            stopLongRun(previous, "updated to version " + s.version(), true);
        }
        if (next.failed()) {
            store.scripts().setState(s.name(), "failed");
            return;
        }
        store.scripts().setState(s.name(), "running");
        if (next.longRunning()) {
            startRun(s, next.proto, "start", g -> { }, r -> next.longRun = r);
        }
    }

    private Deployment prepare(Script s, Deployment previous) {
        try {
            Prototype proto = prototype(s);
            CronSchedule cron = null;
            if (s.schedule() != null && !s.schedule().isBlank()) {
                cron = CronSchedule.parse(s.schedule(), s.timezone());
            }
            List<SubjectPattern> triggers = new ArrayList<>();
            if (s.triggers() != null) {
                for (String t : s.triggers()) {
                    triggers.add(SubjectPattern.of(triggerPattern(t)));
                }
            }
            return new Deployment(s, proto, cron, List.copyOf(triggers), previous, maxTriggerRuns);
        } catch (RuntimeException e) {
            log.warn("script {} v{} cannot be deployed: {}", s.name(), s.version(), e.getMessage());
            return new Deployment(s, null, null, List.of(), previous, maxTriggerRuns);
        }
    }

    /** Trigger patterns are relative to the events root: "cwmp.inform.*" (a leading "events." or the full subject also works). */
    String triggerPattern(String t) {
        String p = t.trim();
        String full = bus.subjects().prefix() + ".events.";
        if (p.startsWith(full)) {
            return p.substring(full.length());
        }
        if (p.startsWith("events.")) {
            return p.substring("events.".length());
        }
        return p;
    }

    /**
     * {@code ours}: this instance still owns the script (deleted, deactivated), so it releases the lease and
     * writes the state; a script now owned by another instance is left to that one (its state is the owner's).
     */
    private void undeploy(String name, String reason, boolean ours) {
        Deployment d = deployed.remove(name);
        if (d == null) {
            return;
        }
        stopLongRun(d, reason, ours);
        if (ours) {
            store.leases().release("script:" + name, instanceId);
            store.scripts().setState(name, "stopped");
        }
    }

    /** Stops the deployment's long-running run, if alive, and waits (bounded) for it to end. */
    private void stopLongRun(Deployment d, String reason, boolean writeState) {
        ScriptRun r = d.longRun;
        if (r == null || r.isDone()) {
            return;
        }
        if (writeState) {
            store.scripts().setState(d.script.name(), "stopping");
        }
        r.stop(reason);
        try {
            r.done.get(Math.max(5_000, limits.rpcTimeout().toMillis()), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            log.warn("run {} of {} did not stop in time: {}", r.id, d.script.name(), e.toString());
        }
    }

    private void onTriggerEvents(List<ScriptEvent> list) {
        if (!running || deployed.isEmpty()) {
            return;
        }
        for (ScriptEvent e : list) {
            if ("cwmp_inform".equals(e.kind())) {
                continue;
            }
            for (Deployment d : deployed.values()) {
                for (SubjectPattern p : d.triggers) {
                    if (p.matches(e.subject())) {
                        if (!d.triggerSlots.tryAcquire()) {
                            long n = d.triggerDropped.incrementAndGet();
                            if (Long.bitCount(n) == 1) {
                                log.warn("script {}: {} triggered run(s) already running, {} event(s) dropped so far",
                                        d.script.name(), maxTriggerRuns, n);
                            }
                            break;
                        }
                        try {
                            ScriptRun r = startRun(d.script, d.proto, "event", g -> g.set("event", LuaJson.toLua(e.table())), x -> { });
                            r.done.whenComplete((x, err) -> d.triggerSlots.release());
                        } catch (RuntimeException ex) {
                            d.triggerSlots.release();
                            log.warn("trigger of {} failed: {}", d.script.name(), ex.getMessage());
                        }
                        break;
                    }
                }
            }
        }
    }

    private void cronTick() {
        cronLock.lock();
        try {
            for (Deployment d : deployed.values()) {
                fireIfDue(d);
            }
        } finally {
            cronLock.unlock();
        }
    }

    /**
     * Starts the deployment's scheduled run for each fire that is due; called under {@code cronLock}. The next
     * fire follows the one just handled (not the tick's time), so a late tick (a busy machine) still fires every
     * due second; fires older than {@link #MISSED_FIRE} are skipped. Each fire is claimed with a lease, so with
     * several instances one fires it.
     */
    private void fireIfDue(Deployment d) {
        if (d.cron == null) {
            return;
        }
        ZonedDateTime now = ZonedDateTime.now(d.cron.zone());
        while (d.nextFire != null && !now.isBefore(d.nextFire)) {
            ZonedDateTime fire = d.nextFire;
            if (Duration.between(fire, now).compareTo(MISSED_FIRE) > 0) {
                d.nextFire = d.cron.nextAfter(now.minus(MISSED_FIRE)).orElse(null);
                log.info("missed fire(s) of {} from {} skipped", d.script.name(), fire);
                continue;
            }
            d.nextFire = d.cron.nextAfter(fire).orElse(null);
            String lease = "cron:" + d.script.name() + ":" + fire.toEpochSecond();
            if (store.leases().tryAcquire(lease, instanceId, Duration.ofHours(1))) {
                try {
                    startRun(d.script, d.proto, "schedule", g -> { }, r -> { });
                } catch (RuntimeException e) {
                    log.warn("scheduled run of {} failed to start: {}", d.script.name(), e.getMessage());
                }
            }
        }
    }

    @Override
    public void close() {
        if (!running) {
            return;
        }
        running = false;
        loops.forEach(Thread::interrupt);
        if (apiSubscription != null) {
            apiSubscription.close();
        }
        events.close();
        for (ScriptRun r : runs.values()) {
            r.stop("engine stopped");
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int late = 0;
        for (ScriptRun r : List.copyOf(runs.values())) {
            try {
                r.done.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                late++;
            }
        }
        if (late > 0) {
            log.warn("{} run(s) did not stop within 10 s", late);
        }
        for (String name : deployed.keySet()) {
            store.leases().release("script:" + name, instanceId);
        }
        deployed.clear();
        http.close();
        log.info("script engine {} stopped", instanceId);
    }

    public static final class Builder {
        private Bus bus;
        private Store store;
        private Limits limits = Limits.defaults();
        private String instanceId = "scripts-1";
        private Duration reconcileInterval = Duration.ofSeconds(2);
        private Duration leaseTtl;
        private Duration flushInterval = Duration.ofMillis(500);
        private boolean serveApi = true;
        private boolean finishDanglingOnStart = true;
        private boolean httpAllowPrivate;
        private Set<String> httpAllowedHosts = Set.of();
        private String credentialRealm = "coral";
        private int maxTriggerRuns = 64;
        private java.util.function.Consumer<String> runStarted = trigger -> { };

        public Builder bus(Bus bus) { this.bus = bus; return this; }
        public Builder store(Store store) { this.store = store; return this; }
        public Builder limits(Limits limits) { this.limits = limits; return this; }
        /** Stable per instance: names the durable event consumer and owns leases. */
        public Builder instanceId(String id) { this.instanceId = id; return this; }
        public Builder reconcileInterval(Duration d) { this.reconcileInterval = d; return this; }
        public Builder leaseTtl(Duration d) { this.leaseTtl = d; return this; }
        public Builder logFlushInterval(Duration d) { this.flushInterval = d; return this; }
        /** Answer {@code scripts.*} bus requests (default true). */
        public Builder serveApi(boolean v) { this.serveApi = v; return this; }
        /**
         * On start, mark runs that this instance id left "running" (it crashed) as stopped (default true). Runs
         * of other instance ids sharing the store are never touched.
         */
        public Builder finishDanglingOnStart(boolean v) { this.finishDanglingOnStart = v; return this; }
        /** Let http_request reach loopback/private/link-local targets (default false). */
        public Builder httpAllowPrivate(boolean v) { this.httpAllowPrivate = v; return this; }
        /** Hosts http_request may reach even if they resolve to private addresses. */
        public Builder httpAllowedHosts(Set<String> hosts) {
            this.httpAllowedHosts = hosts.stream().map(h -> h.toLowerCase(java.util.Locale.ROOT)).collect(java.util.stream.Collectors.toSet());
            return this;
        }
        /** Realm for create_or_update_device_credential (the ACS's digest realm). */
        public Builder credentialRealm(String realm) { this.credentialRealm = realm; return this; }
        /** Event-triggered runs of one script alive at once (default 64); further matching events are dropped and counted. */
        public Builder maxTriggerRuns(int n) { this.maxTriggerRuns = n; return this; }
        /** Told the trigger (manual, schedule, event, start) of every run this engine starts; for metrics. */
        public Builder onRunStarted(java.util.function.Consumer<String> listener) { this.runStarted = listener; return this; }

        public ScriptEngine build() {
            Objects.requireNonNull(bus, "bus");
            Objects.requireNonNull(store, "store");
            Objects.requireNonNull(limits, "limits");
            if (instanceId == null || instanceId.isBlank()) {
                instanceId = "scripts-" + UUID.randomUUID();
            }
            return new ScriptEngine(this);
        }
    }
}
