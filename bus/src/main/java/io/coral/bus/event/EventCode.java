package io.coral.bus.event;

/**
 * One Inform event: {@code index} is "0"…"14" for the single-occurrence codes (0 BOOTSTRAP …), or
 * null for "M …" codes; {@code code} is the full code as sent ("1 BOOT", "M Reboot").
 */
public record EventCode(String index, String code, String commandKey) {}
