package io.coral.acs.task;

import io.coral.store.Task;
import io.coral.store.TaskRepository;
import io.coral.store.TaskState;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which devices may have queued tasks: a hint that lets a periodic session skip the store when nothing waits.
 * Filled from the store at start and on every refresh, and by this instance's own enqueues and requeues. A
 * session that is not merely periodic (BOOT, CONNECTION REQUEST, …) always asks the store, so a task queued by
 * another instance is never missed for longer than one refresh of a periodic device.
 */
public final class PendingTasks {

    private final Set<String> devices = ConcurrentHashMap.newKeySet();
    private final TaskRepository tasks;
    private final String protocol;

    public PendingTasks(TaskRepository tasks, String protocol) {
        this.tasks = tasks;
        this.protocol = protocol;
    }

    public void add(String sn) {
        devices.add(sn);
    }

    public boolean mayHave(String sn) {
        return devices.contains(sn);
    }

    public void remove(String sn) {
        devices.remove(sn);
    }

    /** Adds every device with a queued task in the store (tasks queued by other instances, or before a restart). */
    public void refresh(int limit) {
        for (Task t : tasks.list(null, TaskState.QUEUED, limit)) {
            if (protocol.equals(t.protocol())) {
                devices.add(t.sn());
            }
        }
    }

    public int size() {
        return devices.size();
    }
}
