package io.coral.cwmp;

/** The CPE's answer to an {@link AcsRequest}. */
public sealed interface CpeResponse extends CwmpMessage
        permits GetRPCMethodsResponse, GetParameterValuesResponse, SetParameterValuesResponse,
        GetParameterNamesResponse, GetParameterAttributesResponse, SetParameterAttributesResponse, AddObjectResponse,
        DeleteObjectResponse, RebootResponse, FactoryResetResponse, DownloadResponse, UploadResponse,
        ScheduleInformResponse, ScheduleDownloadResponse, CancelTransferResponse, ChangeDUStateResponse,
        GetAllQueuedTransfersResponse {
}
