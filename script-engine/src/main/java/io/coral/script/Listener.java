package io.coral.script;

import io.coral.script.lib.LuaJson;
import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import org.luaj.vm2.LuaValue;

/**
 * A script's registration for events. The blocking form keeps a bounded queue for the whole run, so
 * a {@code while true do listen_…() … end} loop sees every event that arrived while its body ran; when
 * the queue is full the oldest event is dropped and counted. The callback form runs the Lua function on
 * a virtual thread, at most {@code parallelism} at a time, optionally dropping events for a device whose
 * callback is still busy.
 */
final class Listener {
    final ScriptRun run;
    final String key;
    /** The one device this listener is for, or null for any device. */
    final String device;
    private final Predicate<ScriptEvent> filter;

    // blocking form
    private final ArrayDeque<ScriptEvent> queue;
    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition nonEmpty = lock.newCondition();

    // callback form
    private final LuaValue callback;
    private final Semaphore permits;
    private final boolean discardIfBusy;
    private final Set<String> busy = ConcurrentHashMap.newKeySet();
    private final AtomicInteger pending = new AtomicInteger();

    final AtomicLong dropped = new AtomicLong();
    final AtomicLong delivered = new AtomicLong();

    private Listener(ScriptRun run, String key, String device, Predicate<ScriptEvent> filter, int capacity,
            LuaValue callback, int parallelism, boolean discardIfBusy) {
        this.run = run;
        this.key = key;
        this.device = device;
        this.filter = filter;
        this.capacity = capacity;
        this.queue = callback == null ? new ArrayDeque<>(4) : null;
        this.callback = callback;
        this.permits = callback != null ? new Semaphore(Math.max(1, parallelism), true) : null;
        this.discardIfBusy = discardIfBusy;
    }

    static Listener blocking(ScriptRun run, String key, String device, Predicate<ScriptEvent> filter, int capacity) {
        return new Listener(run, key, device, filter, capacity, null, 0, false);
    }

    static Listener callback(ScriptRun run, String key, String device, Predicate<ScriptEvent> filter, int capacity,
            LuaValue fn, int parallelism, boolean discardIfBusy) {
        return new Listener(run, key, device, filter, capacity, fn, parallelism, discardIfBusy);
    }

    boolean isCallback() {
        return callback != null;
    }

    boolean matches(ScriptEvent e) {
        return filter.test(e);
    }

    void deliver(ScriptEvent e) {
        if (callback == null) {
            lock.lock();
            try {
                if (queue.size() >= capacity) {
                    queue.pollFirst();
                    long n = dropped.incrementAndGet();
                    if (n == 1 || Long.bitCount(n) == 1) {
                        run.log("warn", "listener queue full (" + capacity + "): " + n + " event(s) dropped so far");
                    }
                }
                queue.addLast(e);
                nonEmpty.signal();
            } finally {
                lock.unlock();
            }
            return;
        }
        String device = e.sn() == null ? "" : e.sn();
        if (discardIfBusy && !busy.add(device)) {
            dropped.incrementAndGet();
            return;
        }
        if (pending.incrementAndGet() > capacity) {
            pending.decrementAndGet();
            busy.remove(device);
            long n = dropped.incrementAndGet();
            if (n == 1 || Long.bitCount(n) == 1) {
                run.log("warn", "callback backlog full (" + capacity + "): " + n + " event(s) dropped so far");
            }
            return;
        }
        Thread.ofVirtual().name("lua-cb-" + run.id).start(() -> {
            try {
                permits.acquire();
                try {
                    delivered.incrementAndGet();
                    run.invokeCallback(callback, () -> LuaJson.toLua(e.table()));
                } finally {
                    permits.release();
                }
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            } finally {
                pending.decrementAndGet();
                if (discardIfBusy) {
                    busy.remove(device);
                }
            }
        });
    }

    /** Next queued event; blocks (interruptibly) until one arrives. */
    ScriptEvent take() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (queue.isEmpty()) {
                nonEmpty.await(1, TimeUnit.SECONDS);
                run.guard.checkHalted();
            }
            delivered.incrementAndGet();
            return queue.pollFirst();
        } finally {
            lock.unlock();
        }
    }

    int queued() {
        lock.lock();
        try {
            return queue == null ? pending.get() : queue.size();
        } finally {
            lock.unlock();
        }
    }
}
