package io.coral.cwmp;

/** A request the ACS sends to the CPE (a "CPE method" in TR-069 terms). */
public sealed interface AcsRequest extends CwmpMessage
        permits GetRPCMethods, GetParameterValues, SetParameterValues, GetParameterNames, GetParameterAttributes,
        SetParameterAttributes, AddObject, DeleteObject, Reboot, FactoryReset, Download, Upload, ScheduleInform,
        ScheduleDownload, CancelTransfer, ChangeDUState, GetAllQueuedTransfers {
}
