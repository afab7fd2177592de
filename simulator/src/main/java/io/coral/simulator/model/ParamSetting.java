package io.coral.simulator.model;

/** One value to set; {@code type} is the type the sender declared (null: not declared). */
public record ParamSetting(String path, String value, ParamType type) {
}
