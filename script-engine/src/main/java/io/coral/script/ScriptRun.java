package io.coral.script;

import io.coral.script.sandbox.RunGuard;
import io.coral.script.sandbox.Sandbox;
import io.coral.store.Run;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of a script: its own globals and guard, its listeners, its log, on its own virtual thread.
 * A run whose body returns while callback listeners are registered stays alive (listening) until it is
 * stopped.
 */
final class ScriptRun {
    private static final Logger log = LoggerFactory.getLogger(ScriptRun.class);
    private static final Pattern LINE = Pattern.compile("^[^\\n]*?:(\\d+)[: ]");

    final String id;
    final String script;
    final int version;
    final String trigger;
    final RunGuard guard;
    final ScriptEngine engine;
    private final Prototype proto;
    private final Globals globals;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final Set<Thread> blocked = ConcurrentHashMap.newKeySet();
    private final List<Run.LogLine> pendingLog = new ArrayList<>();
    private final Object flushLock = new Object();
    private final CountDownLatch stopLatch = new CountDownLatch(1);
    final CompletableFuture<Run> done = new CompletableFuture<>();
    private volatile boolean listening;
    private volatile boolean waited;
    private volatile Thread thread;

    ScriptRun(ScriptEngine engine, String id, String script, int version, String trigger, Prototype proto,
            java.util.function.Consumer<Globals> setup) {
        this.engine = engine;
        this.id = id;
        this.script = script;
        this.version = version;
        this.trigger = trigger;
        this.proto = proto;
        this.guard = new RunGuard(engine.limits());
        this.globals = Sandbox.newGlobals(guard, this::log, engine::library);
        CoralFunctions.install(globals, this);
        setup.accept(globals);
    }

    Globals globals() {
        return globals;
    }

    void start() {
        thread = Thread.ofVirtual().name("lua-" + script + "-" + id).start(this::execute);
    }

    private void execute() {
        RunGuard.bind(guard);
        String outcome;
        String reason = null;
        Integer line = null;
        try {
            // wall time bounds runs that should end (manual, schedule, event); long-running scripts
            // (trigger "start": loops, listeners) are bounded by their instruction budget between waits
            if (engine.limits().wallTime() != null && !"start".equals(trigger)) {
                guard.setDeadline(System.nanoTime() + engine.limits().wallTime().toNanos());
            }
            guard.enter();
            try {
                new LuaClosure(proto, globals).call();
            } finally {
                guard.exit();
            }
            if (hasCallbacks()) {
                guard.setDeadline(0);
                stopLatch.await();
                ScriptHalt h = guard.halted();
                if (h != null && h.kind() == ScriptHalt.Kind.LIMIT) {
                    outcome = "killed";
                    reason = h.reason();
                } else {
                    outcome = "stopped";
                    reason = h != null ? h.reason() : guard.stopReason();
                }
            } else {
                outcome = "ok";
            }
        } catch (ScriptHalt h) {
            outcome = h.kind() == ScriptHalt.Kind.LIMIT ? "killed" : "stopped";
            reason = h.reason();
        } catch (LuaError e) {
            ScriptHalt h = guard.halted();
            if (h != null) {
                outcome = h.kind() == ScriptHalt.Kind.LIMIT ? "killed" : "stopped";
                reason = h.reason();
            } else {
                outcome = "error";
                reason = message(e);
                line = line(reason);
            }
        } catch (StackOverflowError e) {
            guard.limit("stack overflow");
            outcome = "killed";
            reason = "stack overflow";
        } catch (InterruptedException e) {
            outcome = "stopped";
            reason = "interrupted";
        } catch (OutOfMemoryError e) {
            guard.limit("out of memory");
            outcome = "killed";
            reason = "out of memory";
        } catch (RuntimeException e) {
            outcome = "error";
            reason = e.toString();
            log.warn("run {} of {} failed", id, script, e);
        }
        finish(outcome, reason, line);
    }

    private void finish(String outcome, String reason, Integer line) {
        // a stop request may have interrupted this thread after its last wait: the store writes below must not see it
        Thread.interrupted();
        Instant ended = Instant.now();
        try {
            for (Listener l : listeners) {
                engine.events().remove(l);
            }
            listeners.clear();
            try {
                guard.endCoroutines();
            } catch (RuntimeException | Error e) {
                log.debug("ending coroutines of run {}: {}", id, e.toString());
            }
            if (reason != null && !"ok".equals(outcome)) {
                log("error", outcome + ": " + reason);
            }
            flushLog();
            engine.store().runs().finish(id, ended, outcome, reason, line);
        } catch (RuntimeException e) {
            log.warn("run {} of {} ended {} but its record was not updated: {}", id, script, outcome, e.toString());
        } finally {
            RunGuard.bind(null);
            done.complete(new Run(id, script, version, trigger, null, ended, outcome, reason, line, List.of(), 0,
                    engine.instanceId()));
            engine.runEnded(this, outcome);
        }
    }

    static String message(LuaError e) {
        String m = e.getMessage();
        return m == null ? "error" : m.strip();
    }

    static Integer line(String message) {
        Matcher m = LINE.matcher(message);
        return m.find() ? Integer.valueOf(m.group(1)) : null;
    }

    // ---- used by the function library ----

    void log(String level, String text) {
        synchronized (pendingLog) {
            pendingLog.add(new Run.LogLine(Instant.now(), level, text));
            if (pendingLog.size() > engine.limits().maxLogLines()) {
                pendingLog.remove(0);
            }
        }
        log.debug("[{}] {} {}", script, level, text);
    }

    /** One flush at a time per run (the periodic flusher and the run's end), so lines keep their order. */
    void flushLog() {
        synchronized (flushLock) {
            List<Run.LogLine> lines;
            synchronized (pendingLog) {
                if (pendingLog.isEmpty()) {
                    return;
                }
                lines = new ArrayList<>(pendingLog);
                pendingLog.clear();
            }
            try {
                engine.store().runs().appendLog(id, lines, engine.limits().maxLogLines());
            } catch (RuntimeException e) {
                log.warn("cannot store log of run {}: {}", id, e.toString());
            }
        }
    }

    /**
     * Runs a blocking step: budgets restart around it, a stop request interrupts it, and the run's Lua
     * lock is given up while it waits, so the run's other callbacks execute meanwhile.
     */
    <T> T blocking(Callable<T> step) {
        guard.resetBudgets();
        waited = true;
        Thread t = Thread.currentThread();
        Object held = guard.release();
        blocked.add(t);
        try {
            return step.call();
        } catch (InterruptedException e) {
            guard.checkHalted();
            throw guard.halt(ScriptHalt.Kind.STOPPED, "interrupted");
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new LuaError(e.getMessage());
        } finally {
            blocked.remove(t);
            Thread.interrupted();
            guard.reacquire(held);
        }
    }

    void afterBlocking() {
        guard.resetBudgets();
    }

    /** A listen_* function was called: from now on the run is a listener and has no wall-time limit. */
    void becomeListener() {
        listening = true;
        guard.setDeadline(0);
    }

    boolean isListening() {
        return listening;
    }

    /** The run has entered a blocking function at least once (it is past its start-up code). */
    boolean hasWaited() {
        return waited;
    }

    Listener listener(String key) {
        for (Listener l : listeners) {
            if (l.key.equals(key)) {
                return l;
            }
        }
        return null;
    }

    void addListener(Listener l) {
        listeners.add(l);
        engine.events().add(l);
        becomeListener();
    }

    private boolean hasCallbacks() {
        for (Listener l : listeners) {
            if (l.isCallback()) {
                return true;
            }
        }
        return false;
    }

    /** Calls a callback on the calling (callback) thread, holding the run's Lua lock except while it blocks. */
    void invokeCallback(LuaValue fn, Supplier<LuaValue> arg) {
        RunGuard.bind(guard);
        guard.enter();
        try {
            guard.resetBudgets();
            fn.call(arg.get());
        } catch (ScriptHalt h) {
            stopLatch.countDown();
        } catch (LuaError e) {
            if (guard.halted() != null) {
                stopLatch.countDown();
            } else {
                log("error", "callback failed: " + message(e));
            }
        } catch (StackOverflowError e) {
            guard.limit("stack overflow");
            stopLatch.countDown();
        } catch (RuntimeException e) {
            log("error", "callback failed: " + e);
        } finally {
            guard.exit();
            RunGuard.bind(null);
        }
    }

    void stop(String reason) {
        guard.requestStop(reason);
        for (Thread t : blocked) {
            t.interrupt();
        }
        stopLatch.countDown();
    }

    boolean isDone() {
        return done.isDone();
    }
}
