package io.coral.simulator.model;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

/** The TR-106 / TR-369 parameter types, with value validation. */
public enum ParamType {
    STRING("string"),
    BOOLEAN("boolean"),
    INT("int"),
    UNSIGNED_INT("unsignedInt"),
    LONG("long"),
    UNSIGNED_LONG("unsignedLong"),
    DATE_TIME("dateTime"),
    BASE64("base64"),
    HEX_BINARY("hexBinary"),
    DECIMAL("decimal");

    private final String xsdName;

    ParamType(String xsdName) {
        this.xsdName = xsdName;
    }

    /** The name used in data-model files and (after "xsd:") in CWMP. */
    public String xsdName() {
        return xsdName;
    }

    public static ParamType parse(String name) {
        String n = name.startsWith("xsd:") ? name.substring(4) : name;
        for (ParamType t : values()) {
            if (t.xsdName.equalsIgnoreCase(n)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown parameter type: " + name);
    }

    /** Whether {@code value} is a valid lexical value of this type. */
    public boolean accepts(String value) {
        if (value == null) {
            return false;
        }
        try {
            switch (this) {
                case STRING -> { return true; }
                case BOOLEAN -> {
                    String v = value.toLowerCase(Locale.ROOT);
                    return v.equals("true") || v.equals("false") || v.equals("1") || v.equals("0");
                }
                case INT -> Integer.parseInt(value);
                case UNSIGNED_INT -> {
                    long v = Long.parseLong(value);
                    return v >= 0 && v <= 0xFFFF_FFFFL;
                }
                case LONG -> Long.parseLong(value);
                case UNSIGNED_LONG -> { return !value.startsWith("-") && Long.parseUnsignedLong(value) >= 0; }
                case DATE_TIME -> parseDateTime(value);
                case BASE64 -> Base64.getDecoder().decode(value);
                case HEX_BINARY -> HexFormat.of().parseHex(value);
                case DECIMAL -> new BigDecimal(value);
                default -> { return false; }
            }
            return true;
        } catch (NumberFormatException | DateTimeParseException e) {
            return false;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void parseDateTime(String value) {
        try {
            OffsetDateTime.parse(value);
        } catch (DateTimeParseException e) {
            LocalDateTime.parse(value);
        }
    }

    /** Normalises a value accepted by {@link #accepts} (booleans become true/false). */
    public String normalize(String value) {
        if (this == BOOLEAN) {
            return (value.equalsIgnoreCase("true") || value.equals("1")) ? "true" : "false";
        }
        return value;
    }
}
