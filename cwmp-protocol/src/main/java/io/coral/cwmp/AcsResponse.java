package io.coral.cwmp;

/** The ACS's answer to a {@link CpeRequest}. */
public sealed interface AcsResponse extends CwmpMessage
        permits InformResponse, TransferCompleteResponse, AutonomousTransferCompleteResponse, GetRPCMethodsResponse,
        RequestDownloadResponse, KickedResponse, DUStateChangeCompleteResponse,
        AutonomousDUStateChangeCompleteResponse {
}
