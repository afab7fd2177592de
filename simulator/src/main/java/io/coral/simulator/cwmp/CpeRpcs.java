package io.coral.simulator.cwmp;

import io.coral.cwmp.AcsRequest;
import io.coral.cwmp.AddObject;
import io.coral.cwmp.AddObjectResponse;
import io.coral.cwmp.CancelTransfer;
import io.coral.cwmp.CancelTransferResponse;
import io.coral.cwmp.ChangeDUState;
import io.coral.cwmp.ChangeDUStateResponse;
import io.coral.cwmp.CwmpFault;
import io.coral.cwmp.CwmpMessage;
import io.coral.cwmp.DeleteObject;
import io.coral.cwmp.DeleteObjectResponse;
import io.coral.cwmp.Download;
import io.coral.cwmp.DownloadResponse;
import io.coral.cwmp.FactoryReset;
import io.coral.cwmp.FactoryResetResponse;
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
import io.coral.cwmp.ParameterAttribute;
import io.coral.cwmp.ParameterFault;
import io.coral.cwmp.ParameterInfo;
import io.coral.cwmp.ParameterValue;
import io.coral.cwmp.QueuedTransfer;
import io.coral.cwmp.Reboot;
import io.coral.cwmp.RebootResponse;
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
import io.coral.cwmp.Upload;
import io.coral.cwmp.UploadResponse;
import io.coral.simulator.model.DeviceModel;
import io.coral.simulator.model.ModelError;
import io.coral.simulator.model.ModelException;
import io.coral.simulator.model.NodeDef;
import io.coral.simulator.model.NodeKind;
import io.coral.simulator.model.ParamSetting;
import io.coral.simulator.model.ParamType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * Answers every CPE RPC from the device's data model, with TR-069's fault codes; what must happen after the
 * session (reboot, transfers, scheduled informs) is handed to the {@link CwmpCpe}.
 */
final class CpeRpcs {
    static final List<String> METHODS = List.of("GetRPCMethods", "SetParameterValues", "GetParameterValues",
            "GetParameterNames", "SetParameterAttributes", "GetParameterAttributes", "AddObject", "DeleteObject",
            "Reboot", "Download", "Upload", "FactoryReset", "GetAllQueuedTransfers", "ScheduleInform",
            "ScheduleDownload", "CancelTransfer", "ChangeDUState");
    static final String UNKNOWN_TIME = "0001-01-01T00:00:00Z";

    private final CwmpCpe cpe;
    private final DeviceModel device;

    CpeRpcs(CwmpCpe cpe) {
        this.cpe = cpe;
        this.device = cpe.model();
    }

    CwmpMessage handle(AcsRequest request) {
        try {
            return switch (request) {
                case GetRPCMethods r -> new GetRPCMethodsResponse(METHODS);
                case GetParameterValues r -> getValues(r);
                case SetParameterValues r -> setValues(r);
                case GetParameterNames r -> getNames(r);
                case GetParameterAttributes r -> getAttributes(r);
                case SetParameterAttributes r -> setAttributes(r);
                case AddObject r -> addObject(r);
                case DeleteObject r -> deleteObject(r);
                case Reboot r -> {
                    cpe.afterSession(() -> cpe.reboot(r.commandKey()));
                    yield new RebootResponse();
                }
                case FactoryReset r -> {
                    cpe.afterSession(cpe::factoryReset);
                    yield new FactoryResetResponse();
                }
                case Download r -> download(r);
                case Upload r -> upload(r);
                case ScheduleInform r -> scheduleInform(r);
                case ScheduleDownload r -> scheduleDownload(r);
                case CancelTransfer r -> cancelTransfer(r);
                case GetAllQueuedTransfers r -> new GetAllQueuedTransfersResponse(queued());
                case ChangeDUState r -> changeDuState(r);
            };
        } catch (ModelException e) {
            return new CwmpFault(faultCode(e.error()), e.getMessage());
        }
    }

    static int faultCode(ModelError e) {
        return switch (e) {
            case INVALID_PATH, WRONG_KIND, NOT_CREATABLE -> CwmpFault.INVALID_PARAMETER_NAME;
            case NOT_WRITABLE -> CwmpFault.NON_WRITABLE_PARAMETER;
            case INVALID_VALUE -> CwmpFault.INVALID_PARAMETER_VALUE;
            case INVALID_TYPE -> CwmpFault.INVALID_PARAMETER_TYPE;
            case NOTIFICATION_REJECTED -> 9009;
            case INVALID_ARGUMENTS -> CwmpFault.INVALID_ARGUMENTS;
        };
    }

    private CwmpMessage getValues(GetParameterValues r) throws ModelException {
        List<ParameterValue> out = new ArrayList<>();
        for (String name : r.parameterNames()) {
            for (String p : parameterPaths(name)) {
                NodeDef def = device.resolve(p);
                out.add(new ParameterValue(p, device.get(p), "xsd:" + def.type().xsdName()));
            }
        }
        return new GetParameterValuesResponse(out);
    }

    /** Parameters a name selects; an empty name is the whole tree (root object). */
    private List<String> parameterPaths(String name) throws ModelException {
        String n = name == null ? "" : name.strip();
        if (n.endsWith("()") || n.endsWith("!")) {
            throw new ModelException(ModelError.INVALID_PATH, n, "no such parameter: " + n);
        }
        return device.parameterPaths(n);
    }

    private CwmpMessage setValues(SetParameterValues r) {
        List<ParamSetting> settings = new ArrayList<>();
        HashSet<String> seen = new HashSet<>();
        List<ParameterFault> faults = new ArrayList<>();
        for (ParameterValue pv : r.parameterList()) {
            if (!seen.add(pv.name())) {
                faults.add(new ParameterFault(pv.name(), CwmpFault.INVALID_ARGUMENTS, "parameter named twice"));
                continue;
            }
            ParamType declared;
            try {
                declared = ParamType.parse(pv.localType());
            } catch (IllegalArgumentException e) {
                faults.add(new ParameterFault(pv.name(), CwmpFault.INVALID_PARAMETER_TYPE, e.getMessage()));
                continue;
            }
            settings.add(new ParamSetting(pv.name(), pv.value(), declared));
        }
        if (faults.isEmpty()) {
            for (ModelException e : device.setAll(settings)) {
                faults.add(new ParameterFault(e.path(), faultCode(e.error()), e.getMessage()));
            }
        }
        if (!faults.isEmpty()) {
            return new CwmpFault(CwmpFault.INVALID_ARGUMENTS, "Invalid arguments", faults);
        }
        setParameterKey(r.parameterKey());
        cpe.valuesSetByAcs(settings.stream().map(ParamSetting::path).toList());
        return new SetParameterValuesResponse(0);
    }

    private void setParameterKey(String key) {
        try {
            device.setLocal(device.model().root() + "ManagementServer.ParameterKey", key == null ? "" : key);
        } catch (ModelException e) {
            // a model without ParameterKey: nothing to record
        }
    }

    private CwmpMessage getNames(GetParameterNames r) throws ModelException {
        String path = r.parameterPath() == null ? "" : r.parameterPath().strip();
        List<ParameterInfo> out = new ArrayList<>();
        if (!path.isEmpty() && !path.endsWith(".")) {
            NodeDef def = device.resolve(path);
            if (def == null || !def.isParameter()) {
                throw new ModelException(ModelError.INVALID_PATH, path, "no such parameter: " + path);
            }
            if (r.nextLevel()) {
                throw new ModelException(ModelError.INVALID_ARGUMENTS, path, "NextLevel true on a parameter");
            }
            out.add(new ParameterInfo(path, def.writable()));
            return new GetParameterNamesResponse(out);
        }
        if (path.isEmpty() && r.nextLevel()) {
            out.add(new ParameterInfo(device.model().root(), false));
            return new GetParameterNamesResponse(out);
        }
        NodeDef base = path.isEmpty() ? device.model().def(device.model().root()) : device.resolve(path);
        if (base == null || !base.isObjectLike()) {
            throw new ModelException(ModelError.INVALID_PATH, path, "no such object: " + path);
        }
        String start = path.isEmpty() ? device.model().root() : path;
        if (!r.nextLevel()) {
            out.add(new ParameterInfo(start, writableObject(start, base)));
        }
        device.walk(start, r.nextLevel() ? 1 : Integer.MAX_VALUE, (p, d, depth) -> {
            if (d.kind() == NodeKind.PARAMETER) {
                out.add(new ParameterInfo(p, d.writable()));
            } else if (d.isObjectLike()) {
                out.add(new ParameterInfo(p, writableObject(p, d)));
            }
        });
        return new GetParameterNamesResponse(out);
    }

    /** An object is writable when it can be added to (a creatable table) or deleted (an instance of one). */
    private boolean writableObject(String path, NodeDef def) {
        if (def.kind() == NodeKind.TABLE) {
            return def.writable();
        }
        if (def.path().endsWith(".{i}.")) {
            NodeDef table = device.model().def(def.path().substring(0, def.path().length() - 4));
            return table != null && table.writable();
        }
        return false;
    }

    private CwmpMessage getAttributes(GetParameterAttributes r) throws ModelException {
        List<ParameterAttribute> out = new ArrayList<>();
        for (String name : r.parameterNames()) {
            for (String p : parameterPaths(name)) {
                out.add(new ParameterAttribute(p, device.notification(p), device.accessList(p)));
            }
        }
        return new GetParameterAttributesResponse(out);
    }

    private CwmpMessage setAttributes(SetParameterAttributes r) throws ModelException {
        // check everything first: the RPC is all-or-nothing
        for (SetParameterAttributesStruct s : r.parameterList()) {
            for (String p : parameterPaths(s.name())) {
                if (s.notificationChange()) {
                    if (s.notification() < 0 || s.notification() > 6) {
                        throw new ModelException(ModelError.INVALID_ARGUMENTS, p, "notification must be 0..6");
                    }
                    NodeDef def = device.resolve(p);
                    if (def.notifyLocked() && s.notification() != 0) {
                        throw new ModelException(ModelError.NOTIFICATION_REJECTED, p,
                                "notification request rejected for " + p);
                    }
                }
            }
        }
        for (SetParameterAttributesStruct s : r.parameterList()) {
            for (String p : parameterPaths(s.name())) {
                if (s.notificationChange()) {
                    device.setNotification(p, s.notification());
                }
                if (s.accessListChange()) {
                    device.setAccessList(p, s.accessList());
                }
            }
        }
        return new SetParameterAttributesResponse();
    }

    private CwmpMessage addObject(AddObject r) throws ModelException {
        String name = r.objectName() == null ? "" : r.objectName().strip();
        if (!name.endsWith(".")) {
            throw new ModelException(ModelError.INVALID_PATH, name, "object name must end with '.': " + name);
        }
        int n = device.addInstance(name);
        setParameterKey(r.parameterKey());
        return new AddObjectResponse(n, 0);
    }

    private CwmpMessage deleteObject(DeleteObject r) throws ModelException {
        String name = r.objectName() == null ? "" : r.objectName().strip();
        device.deleteInstance(name);
        setParameterKey(r.parameterKey());
        return new DeleteObjectResponse(0);
    }

    private CwmpMessage download(Download r) {
        String url = r.url() == null ? "" : r.url();
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            return new CwmpFault(9013, "Unsupported protocol for file transfer: " + url);
        }
        cpe.queueTransfer(Transfer.download(r.commandKey(), r.fileType(), url, r.username(), r.password(),
                r.fileSize(), r.targetFileName(), Math.max(0, r.delaySeconds()), "M Download"));
        return new DownloadResponse(1, UNKNOWN_TIME, UNKNOWN_TIME);
    }

    private CwmpMessage upload(Upload r) {
        String url = r.url() == null ? "" : r.url();
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            return new CwmpFault(9013, "Unsupported protocol for file transfer: " + url);
        }
        cpe.queueTransfer(Transfer.upload(r.commandKey(), r.fileType(), url, r.username(), r.password(),
                Math.max(0, r.delaySeconds())));
        return new UploadResponse(1, UNKNOWN_TIME, UNKNOWN_TIME);
    }

    private CwmpMessage scheduleDownload(ScheduleDownload r) {
        if (r.timeWindowList().isEmpty() || r.timeWindowList().size() > 2) {
            return new CwmpFault(CwmpFault.INVALID_ARGUMENTS, "one or two time windows are required");
        }
        TimeWindow w = r.timeWindowList().getFirst();
        if (w.windowEnd() < w.windowStart()) {
            return new CwmpFault(CwmpFault.INVALID_ARGUMENTS, "time window ends before it starts");
        }
        cpe.queueTransfer(Transfer.download(r.commandKey(), r.fileType(), r.url(), r.username(), r.password(),
                r.fileSize(), r.targetFileName(), (int) w.windowStart(), "M ScheduleDownload"));
        return new ScheduleDownloadResponse();
    }

    private CwmpMessage scheduleInform(ScheduleInform r) {
        if (r.delaySeconds() <= 0) {
            return new CwmpFault(CwmpFault.INVALID_ARGUMENTS, "DelaySeconds must be greater than zero");
        }
        cpe.scheduleInform(r.delaySeconds(), r.commandKey());
        return new ScheduleInformResponse();
    }

    private CwmpMessage cancelTransfer(CancelTransfer r) {
        if (!cpe.cancelTransfer(r.commandKey())) {
            return new CwmpFault(9021, "Cancelation of file transfer not permitted in current transfer state");
        }
        return new CancelTransferResponse();
    }

    private List<QueuedTransfer> queued() {
        List<QueuedTransfer> out = new ArrayList<>();
        for (Transfer t : cpe.transfers()) {
            out.add(new QueuedTransfer(t.commandKey(), t.started() ? 3 : 1, t.isDownload(), t.fileType(), t.fileSize(),
                    t.targetFileName()));
        }
        return out;
    }

    private CwmpMessage changeDuState(ChangeDUState r) {
        if (r.operations().isEmpty()) {
            return new CwmpFault(CwmpFault.INVALID_ARGUMENTS, "no operations");
        }
        cpe.afterSession(() -> cpe.changeDuState(r));
        return new ChangeDUStateResponse();
    }
}
