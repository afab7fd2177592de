package io.coral.cwmp;

/** DeviceIdStruct of an Inform. {@code oui} is six hex digits; {@code productClass} may be empty. */
public record DeviceId(String manufacturer, String oui, String productClass, String serialNumber) {
    public DeviceId {
        manufacturer = Strings.orEmpty(manufacturer);
        oui = Strings.orEmpty(oui);
        productClass = Strings.orEmpty(productClass);
        serialNumber = Strings.orEmpty(serialNumber);
    }
}
