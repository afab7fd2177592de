package io.coral.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A Lua script. {@code state} is running | stopping | stopped | failed. {@code triggers} are event
 * subject patterns (e.g. "cwmp.inform.*"); {@code globals} are set before each run; {@code library}
 * scripts are loadable with {@code require}.
 */
public record Script(
        String name,
        String description,
        String content,
        boolean active,
        String state,
        String schedule,
        String timezone,
        List<String> triggers,
        Map<String, String> globals,
        boolean library,
        int version,
        Instant created,
        Instant updated) {}
