package io.coral.cwmp;

/** A request the CPE sends to the ACS (an "ACS method" in TR-069 terms). */
public sealed interface CpeRequest extends CwmpMessage
        permits Inform, TransferComplete, AutonomousTransferComplete, GetRPCMethods, RequestDownload, Kicked,
        DUStateChangeComplete, AutonomousDUStateChangeComplete {
}
