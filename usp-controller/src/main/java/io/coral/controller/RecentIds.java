package io.coral.controller;

import java.util.LinkedHashMap;
import java.util.Map;

/** A bounded memory of recently seen keys (notify msg_ids per agent), oldest forgotten first. */
final class RecentIds {
    private final Map<String, Boolean> seen;

    RecentIds(int capacity) {
        this.seen = new LinkedHashMap<>(1024, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** True the first time {@code key} is offered (and remembers it). */
    synchronized boolean firstTime(String key) {
        return seen.putIfAbsent(key, Boolean.TRUE) == null;
    }

    synchronized void forget(String key) {
        seen.remove(key);
    }
}
