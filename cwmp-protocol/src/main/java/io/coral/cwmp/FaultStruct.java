package io.coral.cwmp;

/** FaultStruct of TransferComplete and DU results; code 0 means success. */
public record FaultStruct(int faultCode, String faultString) {
    public static final FaultStruct NONE = new FaultStruct(0, "");

    public FaultStruct {
        faultString = Strings.orEmpty(faultString);
    }

    public boolean isFault() {
        return faultCode != 0;
    }
}
