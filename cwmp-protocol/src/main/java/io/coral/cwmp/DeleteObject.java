package io.coral.cwmp;

/** DeleteObject: {@code objectName} is an instance path ending with a dot. */
public record DeleteObject(String objectName, String parameterKey) implements AcsRequest {
    public DeleteObject {
        objectName = Strings.orEmpty(objectName);
        parameterKey = Strings.orEmpty(parameterKey);
    }
}
