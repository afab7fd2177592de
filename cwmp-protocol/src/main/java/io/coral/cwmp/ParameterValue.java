package io.coral.cwmp;

/**
 * ParameterValueStruct. {@code type} is the xsi:type written as {@code "xsd:<local>"} whatever prefix the
 * peer used ({@code "xsd:string"}, {@code "xsd:unsignedInt"}, {@code "xsd:boolean"}, {@code "xsd:dateTime"},
 * {@code "xsd:base64"} …); a missing type is read as {@code "xsd:string"}, and a bare {@code "int"} becomes
 * {@code "xsd:int"}. The value is never null (an empty element is "").
 */
public record ParameterValue(String name, String value, String type) {
    public static final String STRING = "xsd:string";

    public ParameterValue {
        name = Strings.orEmpty(name).trim();
        value = Strings.orEmpty(value);
        type = normalizeType(type);
    }

    public static ParameterValue of(String name, String value) {
        return new ParameterValue(name, value, STRING);
    }

    /** {@code "unsignedInt"} / {@code "xs:unsignedInt"} / {@code "xsd:unsignedInt"} → {@code "xsd:unsignedInt"}. */
    public static String normalizeType(String type) {
        if (type == null || type.isBlank()) {
            return STRING;
        }
        String t = type.trim();
        int colon = t.indexOf(':');
        String local = colon >= 0 ? t.substring(colon + 1) : t;
        return local.isEmpty() ? STRING : "xsd:" + local;
    }

    /** The type without its prefix, e.g. {@code "unsignedInt"}. */
    public String localType() {
        return type.substring(4);
    }
}
