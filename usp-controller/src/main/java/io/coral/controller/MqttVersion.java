package io.coral.controller;

/** The MQTT protocol version the controller's client speaks. */
public enum MqttVersion {
    V5("5"), V3_1_1("3.1.1");

    private final String label;

    MqttVersion(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** "5", "5.0", "3.1.1", "311" (case-insensitive, with or without a leading v). */
    public static MqttVersion parse(String s) {
        String v = s.trim().toLowerCase().replaceFirst("^v", "");
        return switch (v) {
            case "5", "5.0" -> V5;
            case "3.1.1", "311", "3" -> V3_1_1;
            default -> throw new IllegalArgumentException("unknown MQTT version '" + s + "' (5 or 3.1.1)");
        };
    }
}
