package io.coral.acs.task;

import io.coral.store.Task;
import io.coral.store.TaskRepository;
import io.coral.store.TaskState;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Which devices may have queued tasks: a hint that lets a periodic session skip the store when nothing waits.
 * Filled from the store at start and on every refresh, and by this instance's own enqueues and requeues. A
 * session that is not merely periodic (BOOT, CONNECTION REQUEST, …) always asks the store, so a task queued by
 * another instance is never missed for longer than one refresh of a periodic device.
 *
 * <p>Each {@link #add} leaves a new mark. A session that found the store empty forgets the device only if no
 * add came since it read the mark: a task queued while the store was being read keeps its hint (otherwise the
 * waiter of that task, which skipped the connection request because the session was open, would never be
 * kicked when the session ends).
 */
public final class PendingTasks {

    private final ConcurrentHashMap<String, Long> devices = new ConcurrentHashMap<>();
    private final AtomicLong adds = new AtomicLong();
    private final TaskRepository tasks;
    private final String protocol;

    public PendingTasks(TaskRepository tasks, String protocol) {
        this.tasks = tasks;
        this.protocol = protocol;
    }

    public void add(String sn) {
        devices.put(sn, adds.incrementAndGet());
    }

    public boolean mayHave(String sn) {
        return devices.containsKey(sn);
    }

    /** The device's current mark, to read before looking in the store; 0 when there is no hint. */
    public long mark(String sn) {
        Long m = devices.get(sn);
        return m == null ? 0 : m;
    }

    /** Forgets the device, unless {@link #add} was called for it after {@code mark} was read. */
    public void removeUnlessAddedSince(String sn, long mark) {
        devices.remove(sn, mark);
    }

    /** Adds every device with a queued task in the store (tasks queued by other instances, or before a restart). */
    public void refresh(int limit) {
        for (Task t : tasks.list(null, TaskState.QUEUED, limit)) {
            if (protocol.equals(t.protocol())) {
                add(t.sn());
            }
        }
    }

    public int size() {
        return devices.size();
    }
}
