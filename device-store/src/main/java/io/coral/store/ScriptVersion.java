package io.coral.store;

import java.time.Instant;

public record ScriptVersion(String name, int version, String content, Instant saved) {}
