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

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static io.coral.cwmp.codec.XmlNode.array;
import static io.coral.cwmp.codec.XmlNode.leaf;
import static io.coral.cwmp.codec.XmlNode.parent;

/** Maps a message record to its body element as an {@link XmlNode}, element order as in the cwmp schemas. */
final class MessageWriter {

    private MessageWriter() {
    }

    /** The body element; {@code cwmpNs} qualifies the RPC element (its arguments are unqualified). */
    static XmlNode write(CwmpMessage message, String cwmpNs) {
        if (message instanceof CwmpFault f) {
            return fault(f, cwmpNs);
        }
        return new XmlNode(cwmpNs, message.methodName(), "", null, null, arguments(message));
    }

    private static List<XmlNode> arguments(CwmpMessage message) {
        return switch (message) {
            case Inform m -> List.of(
                    parent("DeviceId", List.of(leaf("Manufacturer", m.deviceId().manufacturer()),
                            leaf("OUI", m.deviceId().oui()), leaf("ProductClass", m.deviceId().productClass()),
                            leaf("SerialNumber", m.deviceId().serialNumber()))),
                    array("Event", "cwmp:EventStruct", map(m.events(), MessageWriter::event)),
                    num("MaxEnvelopes", m.maxEnvelopes()),
                    leaf("CurrentTime", time(m.currentTime())),
                    num("RetryCount", m.retryCount()),
                    parameterValues(m.parameterList()));
            case InformResponse m -> List.of(num("MaxEnvelopes", m.maxEnvelopes()));
            case TransferComplete m -> List.of(leaf("CommandKey", m.commandKey()),
                    faultStruct("FaultStruct", m.fault()),
                    leaf("StartTime", time(m.startTime())), leaf("CompleteTime", time(m.completeTime())));
            case AutonomousTransferComplete m -> List.of(leaf("AnnounceURL", m.announceUrl()),
                    leaf("TransferURL", m.transferUrl()), bool("IsDownload", m.isDownload()),
                    leaf("FileType", m.fileType()), num("FileSize", m.fileSize()),
                    leaf("TargetFileName", m.targetFileName()), faultStruct("FaultStruct", m.fault()),
                    leaf("StartTime", time(m.startTime())), leaf("CompleteTime", time(m.completeTime())));
            case GetRPCMethodsResponse m -> List.of(strings("MethodList", m.methodList()));
            case RequestDownload m -> List.of(leaf("FileType", m.fileType()), array("FileTypeArg", "cwmp:ArgStruct",
                    map(m.fileTypeArg(), MessageWriter::arg)));
            case Kicked m -> List.of(leaf("Command", m.command()), leaf("Referer", m.referer()), leaf("Arg", m.arg()),
                    leaf("Next", m.next()));
            case KickedResponse m -> List.of(leaf("NextURL", m.nextUrl()));
            case DUStateChangeComplete m -> List.of(array("Results", "cwmp:OpResultStruct",
                    map(m.results(), r -> opResult("OpResultStruct", r))), leaf("CommandKey", m.commandKey()));
            case AutonomousDUStateChangeComplete m -> List.of(array("Results", "cwmp:AutonOpResultStruct",
                    map(m.results(), r -> opResult("AutonOpResultStruct", r))));
            case GetParameterValues m -> List.of(strings("ParameterNames", m.parameterNames()));
            case GetParameterValuesResponse m -> List.of(parameterValues(m.parameterList()));
            case SetParameterValues m -> List.of(parameterValues(m.parameterList()),
                    leaf("ParameterKey", m.parameterKey()));
            case SetParameterValuesResponse m -> List.of(num("Status", m.status()));
            case GetParameterNames m -> List.of(leaf("ParameterPath", m.parameterPath()),
                    bool("NextLevel", m.nextLevel()));
            case GetParameterNamesResponse m -> List.of(array("ParameterList", "cwmp:ParameterInfoStruct",
                    map(m.parameterList(), MessageWriter::parameterInfo)));
            case GetParameterAttributes m -> List.of(strings("ParameterNames", m.parameterNames()));
            case GetParameterAttributesResponse m -> List.of(array("ParameterList", "cwmp:ParameterAttributeStruct",
                    map(m.parameterList(), MessageWriter::parameterAttribute)));
            case SetParameterAttributes m -> List.of(array("ParameterList", "cwmp:SetParameterAttributesStruct",
                    map(m.parameterList(), MessageWriter::setParameterAttribute)));
            case AddObject m -> List.of(leaf("ObjectName", m.objectName()), leaf("ParameterKey", m.parameterKey()));
            case AddObjectResponse m -> List.of(num("InstanceNumber", m.instanceNumber()), num("Status", m.status()));
            case DeleteObject m -> List.of(leaf("ObjectName", m.objectName()), leaf("ParameterKey", m.parameterKey()));
            case DeleteObjectResponse m -> List.of(num("Status", m.status()));
            case Reboot m -> List.of(leaf("CommandKey", m.commandKey()));
            case Download m -> List.of(leaf("CommandKey", m.commandKey()), leaf("FileType", m.fileType()),
                    leaf("URL", m.url()), leaf("Username", m.username()), leaf("Password", m.password()),
                    num("FileSize", m.fileSize()), leaf("TargetFileName", m.targetFileName()),
                    num("DelaySeconds", m.delaySeconds()), leaf("SuccessURL", m.successUrl()),
                    leaf("FailureURL", m.failureUrl()));
            case DownloadResponse m -> List.of(num("Status", m.status()), leaf("StartTime", time(m.startTime())),
                    leaf("CompleteTime", time(m.completeTime())));
            case Upload m -> List.of(leaf("CommandKey", m.commandKey()), leaf("FileType", m.fileType()),
                    leaf("URL", m.url()), leaf("Username", m.username()), leaf("Password", m.password()),
                    num("DelaySeconds", m.delaySeconds()));
            case UploadResponse m -> List.of(num("Status", m.status()), leaf("StartTime", time(m.startTime())),
                    leaf("CompleteTime", time(m.completeTime())));
            case ScheduleInform m -> List.of(num("DelaySeconds", m.delaySeconds()), leaf("CommandKey", m.commandKey()));
            case ScheduleDownload m -> List.of(leaf("CommandKey", m.commandKey()), leaf("FileType", m.fileType()),
                    leaf("URL", m.url()), leaf("Username", m.username()), leaf("Password", m.password()),
                    num("FileSize", m.fileSize()), leaf("TargetFileName", m.targetFileName()),
                    array("TimeWindowList", "cwmp:TimeWindowStruct", map(m.timeWindowList(), MessageWriter::window)));
            case CancelTransfer m -> List.of(leaf("CommandKey", m.commandKey()));
            case ChangeDUState m -> List.of(array("Operations", "cwmp:OperationStruct",
                    map(m.operations(), MessageWriter::operation)), leaf("CommandKey", m.commandKey()));
            case GetAllQueuedTransfersResponse m -> List.of(array("TransferList", "cwmp:AllQueuedTransferStruct",
                    map(m.transferList(), MessageWriter::queuedTransfer)));
            case TransferCompleteResponse m -> List.of();
            case AutonomousTransferCompleteResponse m -> List.of();
            case GetRPCMethods m -> List.of();
            case RequestDownloadResponse m -> List.of();
            case DUStateChangeCompleteResponse m -> List.of();
            case AutonomousDUStateChangeCompleteResponse m -> List.of();
            case SetParameterAttributesResponse m -> List.of();
            case RebootResponse m -> List.of();
            case FactoryReset m -> List.of();
            case FactoryResetResponse m -> List.of();
            case ScheduleInformResponse m -> List.of();
            case ScheduleDownloadResponse m -> List.of();
            case CancelTransferResponse m -> List.of();
            case ChangeDUStateResponse m -> List.of();
            case GetAllQueuedTransfers m -> List.of();
            case CwmpFault m -> List.of();
        };
    }

    private static XmlNode fault(CwmpFault f, String cwmpNs) {
        List<XmlNode> detail = new ArrayList<>();
        detail.add(num("FaultCode", f.faultCode()));
        detail.add(leaf("FaultString", f.faultString()));
        for (ParameterFault pf : f.parameterFaults()) {
            detail.add(parent("SetParameterValuesFault", List.of(leaf("ParameterName", pf.parameterName()),
                    num("FaultCode", pf.faultCode()), leaf("FaultString", pf.faultString()))));
        }
        XmlNode cwmpFault = new XmlNode(cwmpNs, "Fault", "", null, null, detail);
        return new XmlNode(Xml.SOAP_ENV, "Fault", "", null, null, List.of(
                leaf("faultcode", Xml.ENV_PREFIX + ":" + f.soapFaultCode()),
                leaf("faultstring", "CWMP fault"),
                parent("detail", List.of(cwmpFault))));
    }

    private static XmlNode event(EventStruct e) {
        return parent("EventStruct", List.of(leaf("EventCode", e.eventCode()), leaf("CommandKey", e.commandKey())));
    }

    private static XmlNode parameterValues(List<ParameterValue> values) {
        return array("ParameterList", "cwmp:ParameterValueStruct", map(values, p -> parent("ParameterValueStruct",
                List.of(leaf("Name", p.name()), XmlNode.typed("Value", p.value(), p.type())))));
    }

    private static XmlNode parameterInfo(ParameterInfo p) {
        return parent("ParameterInfoStruct", List.of(leaf("Name", p.name()), bool("Writable", p.writable())));
    }

    private static XmlNode parameterAttribute(ParameterAttribute p) {
        return parent("ParameterAttributeStruct", List.of(leaf("Name", p.name()),
                num("Notification", p.notification()), strings("AccessList", p.accessList())));
    }

    private static XmlNode setParameterAttribute(SetParameterAttributesStruct p) {
        return parent("SetParameterAttributesStruct", List.of(leaf("Name", p.name()),
                bool("NotificationChange", p.notificationChange()), num("Notification", p.notification()),
                bool("AccessListChange", p.accessListChange()), strings("AccessList", p.accessList())));
    }

    private static XmlNode arg(ArgStruct a) {
        return parent("ArgStruct", List.of(leaf("Name", a.name()), leaf("Value", a.value())));
    }

    private static XmlNode window(TimeWindow w) {
        return parent("TimeWindowStruct", List.of(num("WindowStart", w.windowStart()), num("WindowEnd", w.windowEnd()),
                leaf("WindowMode", w.windowMode()), leaf("UserMessage", w.userMessage()),
                num("MaxRetries", w.maxRetries())));
    }

    private static XmlNode operation(DuOperation op) {
        List<XmlNode> fields = switch (op) {
            case DuOperation.Install i -> List.of(leaf("URL", i.url()), leaf("UUID", i.uuid()),
                    leaf("Username", i.username()), leaf("Password", i.password()),
                    leaf("ExecutionEnvRef", i.executionEnvRef()));
            case DuOperation.Update u -> List.of(leaf("UUID", u.uuid()), leaf("Version", u.version()),
                    leaf("URL", u.url()), leaf("Username", u.username()), leaf("Password", u.password()));
            case DuOperation.Uninstall u -> List.of(leaf("UUID", u.uuid()), leaf("Version", u.version()),
                    leaf("ExecutionEnvRef", u.executionEnvRef()));
        };
        String type = switch (op) {
            case DuOperation.Install i -> "cwmp:InstallOpStruct";
            case DuOperation.Update u -> "cwmp:UpdateOpStruct";
            case DuOperation.Uninstall u -> "cwmp:UninstallOpStruct";
        };
        return new XmlNode("", "OperationStruct", "", type, null, fields);
    }

    private static XmlNode opResult(String name, OpResult r) {
        List<XmlNode> fields = new ArrayList<>(List.of(leaf("UUID", r.uuid()),
                leaf("DeploymentUnitRef", r.deploymentUnitRef()), leaf("Version", r.version()),
                leaf("CurrentState", r.currentState()), bool("Resolved", r.resolved()),
                leaf("ExecutionUnitRefList", r.executionUnitRefList()), leaf("StartTime", time(r.startTime())),
                leaf("CompleteTime", time(r.completeTime())), faultStruct("Fault", r.fault())));
        if (r.operationPerformed() != null) {
            fields.add(leaf("OperationPerformed", r.operationPerformed()));
        }
        return parent(name, fields);
    }

    private static XmlNode queuedTransfer(QueuedTransfer t) {
        return parent("AllQueuedTransferStruct", List.of(leaf("CommandKey", t.commandKey()), num("State", t.state()),
                bool("IsDownload", t.isDownload()), leaf("FileType", t.fileType()), num("FileSize", t.fileSize()),
                leaf("TargetFileName", t.targetFileName())));
    }

    private static XmlNode faultStruct(String name, FaultStruct f) {
        return parent(name, List.of(num("FaultCode", f.faultCode()), leaf("FaultString", f.faultString())));
    }

    private static XmlNode strings(String name, List<String> values) {
        return array(name, "xsd:string", map(values, s -> leaf("string", s)));
    }

    private static XmlNode num(String name, long value) {
        return leaf(name, Long.toString(value));
    }

    private static XmlNode bool(String name, boolean value) {
        return leaf(name, value ? "1" : "0");
    }

    /** dateTime fields may not be empty on the wire; the unknown time is 0001-01-01T00:00:00Z. */
    private static String time(String t) {
        return t.isEmpty() ? "0001-01-01T00:00:00Z" : t;
    }

    private static <T> List<XmlNode> map(List<T> items, Function<T, XmlNode> f) {
        List<XmlNode> out = new ArrayList<>(items.size());
        for (T t : items) {
            out.add(f.apply(t));
        }
        return out;
    }
}
