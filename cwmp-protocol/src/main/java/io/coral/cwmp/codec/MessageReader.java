package io.coral.cwmp.codec;

import io.coral.cwmp.AddObject;
import io.coral.cwmp.AddObjectResponse;
import io.coral.cwmp.ArgStruct;
import io.coral.cwmp.AutonomousDUStateChangeComplete;
import io.coral.cwmp.AutonomousDUStateChangeCompleteResponse;
import io.coral.cwmp.AutonomousTransferComplete;
import io.coral.cwmp.AutonomousTransferCompleteResponse;
import io.coral.cwmp.CancelTransfer;
import io.coral.cwmp.CancelTransferResponse;
import io.coral.cwmp.ChangeDUState;
import io.coral.cwmp.ChangeDUStateResponse;
import io.coral.cwmp.CwmpFault;
import io.coral.cwmp.CwmpMessage;
import io.coral.cwmp.DUStateChangeComplete;
import io.coral.cwmp.DUStateChangeCompleteResponse;
import io.coral.cwmp.DeleteObject;
import io.coral.cwmp.DeleteObjectResponse;
import io.coral.cwmp.DeviceId;
import io.coral.cwmp.Download;
import io.coral.cwmp.DownloadResponse;
import io.coral.cwmp.DuOperation;
import io.coral.cwmp.EventStruct;
import io.coral.cwmp.FactoryReset;
import io.coral.cwmp.FactoryResetResponse;
import io.coral.cwmp.FaultStruct;
import io.coral.cwmp.GetAllQueuedTransfers;
import io.coral.cwmp.GetAllQueuedTransfersResponse;
import io.coral.cwmp.GetParameterAttributes;
import io.coral.cwmp.GetParameterAttributesResponse;
import io.coral.cwmp.GetParameterNames;
import io.coral.cwmp.GetParameterNamesResponse;
import io.coral.cwmp.GetParameterValues;
import io.coral.cwmp.GetParameterValuesResponse;
import io.coral.cwmp.GetRPCMethods;
import io.coral.cwmp.GetRPCMethodsResponse;
import io.coral.cwmp.Inform;
import io.coral.cwmp.InformResponse;
import io.coral.cwmp.Kicked;
import io.coral.cwmp.KickedResponse;
import io.coral.cwmp.OpResult;
import io.coral.cwmp.ParameterAttribute;
import io.coral.cwmp.ParameterFault;
import io.coral.cwmp.ParameterInfo;
import io.coral.cwmp.ParameterValue;
import io.coral.cwmp.QueuedTransfer;
import io.coral.cwmp.Reboot;
import io.coral.cwmp.RebootResponse;
import io.coral.cwmp.RequestDownload;
import io.coral.cwmp.RequestDownloadResponse;
import io.coral.cwmp.ScheduleDownload;
import io.coral.cwmp.ScheduleDownloadResponse;
import io.coral.cwmp.ScheduleInform;
import io.coral.cwmp.ScheduleInformResponse;
import io.coral.cwmp.SetParameterAttributes;
import io.coral.cwmp.SetParameterAttributesResponse;
import io.coral.cwmp.SetParameterAttributesStruct;
import io.coral.cwmp.SetParameterValues;
import io.coral.cwmp.SetParameterValuesResponse;
import io.coral.cwmp.TimeWindow;
import io.coral.cwmp.TransferComplete;
import io.coral.cwmp.TransferCompleteResponse;
import io.coral.cwmp.Upload;
import io.coral.cwmp.UploadResponse;
import io.coral.cwmp.codec.CwmpParseException.Reason;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Maps a body element (as an {@link XmlNode}) to its message record. Tolerant of missing optional arguments. */
final class MessageReader {

    private MessageReader() {
    }

    static CwmpMessage read(XmlNode rpc) throws CwmpParseException {
        try {
            return switch (rpc.name()) {
                case "Fault" -> fault(rpc);
                case "Inform" -> inform(rpc);
                case "InformResponse" -> new InformResponse(integer(rpc, "MaxEnvelopes", 1));
                case "TransferComplete" -> new TransferComplete(str(rpc, "CommandKey"),
                        faultStruct(rpc.child("FaultStruct")), str(rpc, "StartTime"), str(rpc, "CompleteTime"));
                case "TransferCompleteResponse" -> new TransferCompleteResponse();
                case "AutonomousTransferComplete" -> new AutonomousTransferComplete(str(rpc, "AnnounceURL"),
                        str(rpc, "TransferURL"), bool(rpc, "IsDownload"), str(rpc, "FileType"), lng(rpc, "FileSize", 0),
                        str(rpc, "TargetFileName"), faultStruct(rpc.child("FaultStruct")), str(rpc, "StartTime"),
                        str(rpc, "CompleteTime"));
                case "AutonomousTransferCompleteResponse" -> new AutonomousTransferCompleteResponse();
                case "GetRPCMethods" -> new GetRPCMethods();
                case "GetRPCMethodsResponse" -> new GetRPCMethodsResponse(strings(rpc.child("MethodList")));
                case "RequestDownload" -> new RequestDownload(str(rpc, "FileType"),
                        items(rpc.child("FileTypeArg"), a -> new ArgStruct(str(a, "Name"), raw(a, "Value"))));
                case "RequestDownloadResponse" -> new RequestDownloadResponse();
                case "Kicked" -> new Kicked(str(rpc, "Command"), str(rpc, "Referer"), str(rpc, "Arg"),
                        str(rpc, "Next"));
                case "KickedResponse" -> new KickedResponse(str(rpc, "NextURL"));
                case "DUStateChangeComplete" -> new DUStateChangeComplete(opResults(rpc.child("Results")),
                        str(rpc, "CommandKey"));
                case "DUStateChangeCompleteResponse" -> new DUStateChangeCompleteResponse();
                case "AutonomousDUStateChangeComplete" ->
                        new AutonomousDUStateChangeComplete(opResults(rpc.child("Results")));
                case "AutonomousDUStateChangeCompleteResponse" -> new AutonomousDUStateChangeCompleteResponse();
                case "GetParameterValues" -> new GetParameterValues(strings(rpc.child("ParameterNames")));
                case "GetParameterValuesResponse" -> new GetParameterValuesResponse(parameterValues(rpc));
                case "SetParameterValues" -> new SetParameterValues(parameterValues(rpc), str(rpc, "ParameterKey"));
                case "SetParameterValuesResponse" -> new SetParameterValuesResponse(integer(rpc, "Status", 0));
                case "GetParameterNames" -> new GetParameterNames(str(rpc, "ParameterPath"), bool(rpc, "NextLevel"));
                case "GetParameterNamesResponse" -> new GetParameterNamesResponse(items(rpc.child("ParameterList"),
                        p -> new ParameterInfo(str(p, "Name"), bool(p, "Writable"))));
                case "GetParameterAttributes" -> new GetParameterAttributes(strings(rpc.child("ParameterNames")));
                case "GetParameterAttributesResponse" -> new GetParameterAttributesResponse(
                        items(rpc.child("ParameterList"), p -> new ParameterAttribute(str(p, "Name"),
                                integer(p, "Notification", 0), strings(p.child("AccessList")))));
                case "SetParameterAttributes" -> new SetParameterAttributes(items(rpc.child("ParameterList"),
                        p -> new SetParameterAttributesStruct(str(p, "Name"), bool(p, "NotificationChange"),
                                integer(p, "Notification", 0), bool(p, "AccessListChange"),
                                strings(p.child("AccessList")))));
                case "SetParameterAttributesResponse" -> new SetParameterAttributesResponse();
                case "AddObject" -> new AddObject(str(rpc, "ObjectName"), str(rpc, "ParameterKey"));
                case "AddObjectResponse" -> new AddObjectResponse(lng(rpc, "InstanceNumber", 0),
                        integer(rpc, "Status", 0));
                case "DeleteObject" -> new DeleteObject(str(rpc, "ObjectName"), str(rpc, "ParameterKey"));
                case "DeleteObjectResponse" -> new DeleteObjectResponse(integer(rpc, "Status", 0));
                case "Reboot" -> new Reboot(str(rpc, "CommandKey"));
                case "RebootResponse" -> new RebootResponse();
                case "FactoryReset" -> new FactoryReset();
                case "FactoryResetResponse" -> new FactoryResetResponse();
                case "Download" -> new Download(str(rpc, "CommandKey"), str(rpc, "FileType"), str(rpc, "URL"),
                        str(rpc, "Username"), raw(rpc, "Password"), lng(rpc, "FileSize", 0), str(rpc, "TargetFileName"),
                        integer(rpc, "DelaySeconds", 0), str(rpc, "SuccessURL"), str(rpc, "FailureURL"));
                case "DownloadResponse" -> new DownloadResponse(integer(rpc, "Status", 0), str(rpc, "StartTime"),
                        str(rpc, "CompleteTime"));
                case "Upload" -> new Upload(str(rpc, "CommandKey"), str(rpc, "FileType"), str(rpc, "URL"),
                        str(rpc, "Username"), raw(rpc, "Password"), integer(rpc, "DelaySeconds", 0));
                case "UploadResponse" -> new UploadResponse(integer(rpc, "Status", 0), str(rpc, "StartTime"),
                        str(rpc, "CompleteTime"));
                case "ScheduleInform" -> new ScheduleInform(lng(rpc, "DelaySeconds", 0), str(rpc, "CommandKey"));
                case "ScheduleInformResponse" -> new ScheduleInformResponse();
                case "ScheduleDownload" -> new ScheduleDownload(str(rpc, "CommandKey"), str(rpc, "FileType"),
                        str(rpc, "URL"), str(rpc, "Username"), raw(rpc, "Password"), lng(rpc, "FileSize", 0),
                        str(rpc, "TargetFileName"), items(rpc.child("TimeWindowList"), w -> new TimeWindow(
                                lng(w, "WindowStart", 0), lng(w, "WindowEnd", 0), str(w, "WindowMode"),
                                raw(w, "UserMessage"), integer(w, "MaxRetries", 0))));
                case "ScheduleDownloadResponse" -> new ScheduleDownloadResponse();
                case "CancelTransfer" -> new CancelTransfer(str(rpc, "CommandKey"));
                case "CancelTransferResponse" -> new CancelTransferResponse();
                case "ChangeDUState" -> new ChangeDUState(operations(rpc.child("Operations")), str(rpc, "CommandKey"));
                case "ChangeDUStateResponse" -> new ChangeDUStateResponse();
                case "GetAllQueuedTransfers" -> new GetAllQueuedTransfers();
                case "GetAllQueuedTransfersResponse" -> new GetAllQueuedTransfersResponse(
                        items(rpc.child("TransferList"),
                        t -> new QueuedTransfer(str(t, "CommandKey"), integer(t, "State", 0), bool(t, "IsDownload"),
                                str(t, "FileType"), lng(t, "FileSize", 0), str(t, "TargetFileName"))));
                default -> throw new CwmpParseException(Reason.UNKNOWN_METHOD, "unknown CWMP method " + rpc.name());
            };
        } catch (Invalid e) {
            throw new CwmpParseException(Reason.INVALID_ARGUMENT, rpc.name() + ": " + e.getMessage());
        }
    }

    private static Inform inform(XmlNode rpc) {
        XmlNode id = rpc.child("DeviceId");
        if (id == null) {
            throw new Invalid("no DeviceId");
        }
        DeviceId deviceId = new DeviceId(str(id, "Manufacturer"), str(id, "OUI"), str(id, "ProductClass"),
                str(id, "SerialNumber"));
        List<EventStruct> events = items(rpc.child("Event"),
                e -> new EventStruct(str(e, "EventCode"), str(e, "CommandKey")));
        return new Inform(deviceId, events, integer(rpc, "MaxEnvelopes", 1), str(rpc, "CurrentTime"),
                integer(rpc, "RetryCount", 0), parameterValues(rpc));
    }

    private static List<ParameterValue> parameterValues(XmlNode rpc) {
        return items(rpc.child("ParameterList"), p -> {
            XmlNode value = p.child("Value");
            return new ParameterValue(str(p, "Name"), value == null ? "" : value.text(),
                    value == null ? null : value.xsiType());
        });
    }

    private static CwmpFault fault(XmlNode soapFault) {
        XmlNode detail = soapFault.child("detail");
        if (detail == null) {
            detail = soapFault.child("Detail");
        }
        XmlNode cwmp = detail == null ? null : detail.child("Fault");
        if (cwmp == null && soapFault.child("FaultCode") != null) {
            cwmp = soapFault; // a bare cwmp:Fault in the Body, without the SOAP Fault around it
        }
        if (cwmp == null) {
            // A bare SOAP fault: keep what the peer said, as an internal error.
            return new CwmpFault(CwmpFault.INTERNAL_ERROR, str(soapFault, "faultstring"));
        }
        List<ParameterFault> faults = new ArrayList<>();
        for (XmlNode f : cwmp.all("SetParameterValuesFault")) {
            faults.add(new ParameterFault(str(f, "ParameterName"), integer(f, "FaultCode", 0), raw(f, "FaultString")));
        }
        return new CwmpFault(integer(cwmp, "FaultCode", 0), raw(cwmp, "FaultString"), faults);
    }

    private static FaultStruct faultStruct(XmlNode f) {
        return f == null ? FaultStruct.NONE : new FaultStruct(integer(f, "FaultCode", 0), raw(f, "FaultString"));
    }

    private static List<OpResult> opResults(XmlNode results) {
        return items(results, r -> {
            XmlNode op = r.child("OperationPerformed");
            return new OpResult(str(r, "UUID"), str(r, "DeploymentUnitRef"), str(r, "Version"), str(r, "CurrentState"),
                    bool(r, "Resolved"), str(r, "ExecutionUnitRefList"), str(r, "StartTime"), str(r, "CompleteTime"),
                    faultStruct(r.child("Fault")), op == null ? null : op.text().trim());
        });
    }

    private static List<DuOperation> operations(XmlNode ops) {
        return items(ops, o -> {
            // Either <OperationStruct xsi:type="cwmp:InstallOpStruct"> (schema form) or <InstallOpStruct>.
            String kind = o.xsiType() != null ? local(o.xsiType()) : o.name();
            return switch (kind) {
                case "InstallOpStruct" -> new DuOperation.Install(str(o, "URL"), str(o, "UUID"), str(o, "Username"),
                        raw(o, "Password"), str(o, "ExecutionEnvRef"));
                case "UpdateOpStruct" -> new DuOperation.Update(str(o, "UUID"), str(o, "Version"), str(o, "URL"),
                        str(o, "Username"), raw(o, "Password"));
                case "UninstallOpStruct" -> new DuOperation.Uninstall(str(o, "UUID"), str(o, "Version"),
                        str(o, "ExecutionEnvRef"));
                default -> throw new Invalid("unknown ChangeDUState operation " + kind);
            };
        });
    }

    static String local(String qname) {
        int colon = qname.indexOf(':');
        return (colon >= 0 ? qname.substring(colon + 1) : qname).trim();
    }

    private static <T> List<T> items(XmlNode array, Function<XmlNode, T> item) {
        if (array == null) {
            return List.of();
        }
        List<T> out = new ArrayList<>(array.children().size());
        for (XmlNode c : array.children()) {
            out.add(item.apply(c));
        }
        return out;
    }

    private static List<String> strings(XmlNode array) {
        return items(array, s -> s.text().trim());
    }

    /** A child's text, trimmed; "" when absent. */
    private static String str(XmlNode parent, String name) {
        XmlNode c = parent.child(name);
        return c == null ? "" : c.text().trim();
    }

    /** A child's text as written (values, passwords, messages keep their spaces). */
    private static String raw(XmlNode parent, String name) {
        XmlNode c = parent.child(name);
        return c == null ? "" : c.text();
    }

    private static int integer(XmlNode parent, String name, int absent) {
        long v = lng(parent, name, absent);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new Invalid(name + " out of range: " + v);
        }
        return (int) v;
    }

    private static long lng(XmlNode parent, String name, long absent) {
        String s = str(parent, name);
        if (s.isEmpty()) {
            return absent;
        }
        try {
            return Long.parseLong(s.startsWith("+") ? s.substring(1) : s);
        } catch (NumberFormatException e) {
            throw new Invalid(name + " is not a number: " + abbreviate(s));
        }
    }

    private static boolean bool(XmlNode parent, String name) {
        String s = str(parent, name);
        return switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "1", "true" -> true;
            case "0", "false", "" -> false;
            default -> throw new Invalid(name + " is not a boolean: " + abbreviate(s));
        };
    }

    static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }

    /** Carries an argument problem out of the mapping lambdas; turned into a {@link CwmpParseException}. */
    private static final class Invalid extends RuntimeException {
        Invalid(String message) {
            super(message, null, false, false);
        }
    }
}
