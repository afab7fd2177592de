package io.coral.store;

/** Device status codes, per protocol and overall. */
public final class DeviceStatus {
    public static final int OFFLINE = 0;
    public static final int ASSOCIATING = 1;
    public static final int ONLINE = 2;

    private DeviceStatus() {}
}
