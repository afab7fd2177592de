package io.coral.simulator.model;

import java.util.HexFormat;

/**
 * What makes one simulated device different from its siblings: the values behind {@code ${serial}}, {@code ${mac}},
 * {@code ${oui}}, {@code ${index}} and friends in the data model.
 */
public record DeviceIdentity(int index, String serial, String oui, String productClass, String mac) {

    /** Device number {@code index} of a fleet: serial {@code prefix + index (6 digits)}, MAC derived from the index. */
    public static DeviceIdentity of(int index, String serial, String oui, String productClass) {
        return new DeviceIdentity(index, serial, oui, productClass, macFor(oui, index));
    }

    /** A locally administered MAC, unique per index: 02:&lt;oui bytes 2-3&gt;:&lt;index 24 bits&gt;. */
    static String macFor(String oui, int index) {
        byte[] b = new byte[6];
        b[0] = 0x02;
        int o = oui.hashCode();
        b[1] = (byte) (o >> 8);
        b[2] = (byte) o;
        b[3] = (byte) (index >> 16);
        b[4] = (byte) (index >> 8);
        b[5] = (byte) index;
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(b);
    }

    /** {@code os::OUI-SERIAL}, the USP endpoint id such a device would have. */
    public String endpointId() {
        return "os::" + oui + "-" + serial;
    }
}
