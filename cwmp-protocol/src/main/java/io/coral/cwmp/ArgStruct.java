package io.coral.cwmp;

/** ArgStruct of RequestDownload's FileTypeArg. */
public record ArgStruct(String name, String value) {
    public ArgStruct {
        name = Strings.orEmpty(name);
        value = Strings.orEmpty(value);
    }
}
