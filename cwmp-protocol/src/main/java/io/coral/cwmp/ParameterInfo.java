package io.coral.cwmp;

/** ParameterInfoStruct of a GetParameterNamesResponse; object names end with a dot. */
public record ParameterInfo(String name, boolean writable) {
    public ParameterInfo {
        name = Strings.orEmpty(name).trim();
    }
}
