package io.coral.cwmp;

/** AddObject: {@code objectName} ends with a dot. */
public record AddObject(String objectName, String parameterKey) implements AcsRequest {
    public AddObject {
        objectName = Strings.orEmpty(objectName);
        parameterKey = Strings.orEmpty(parameterKey);
    }
}
