package io.coral.simulator.usp;

import io.coral.simulator.model.DataModel;
import io.coral.simulator.model.DeviceModel;
import io.coral.simulator.model.ModelError;
import io.coral.simulator.model.ModelException;
import io.coral.simulator.model.NodeDef;
import io.coral.simulator.model.NodeKind;
import io.coral.simulator.model.ParamSetting;
import io.coral.simulator.model.ParamType;
import io.coral.usp.UspRecords;
import io.coral.usp.proto.UspMsg14.Add;
import io.coral.usp.proto.UspMsg14.AddResp;
import io.coral.usp.proto.UspMsg14.Body;
import io.coral.usp.proto.UspMsg14.Delete;
import io.coral.usp.proto.UspMsg14.DeleteResp;
import io.coral.usp.proto.UspMsg14.Error;
import io.coral.usp.proto.UspMsg14.Get;
import io.coral.usp.proto.UspMsg14.GetInstances;
import io.coral.usp.proto.UspMsg14.GetInstancesResp;
import io.coral.usp.proto.UspMsg14.GetResp;
import io.coral.usp.proto.UspMsg14.GetSupportedDM;
import io.coral.usp.proto.UspMsg14.GetSupportedDMResp;
import io.coral.usp.proto.UspMsg14.GetSupportedProtocolResp;
import io.coral.usp.proto.UspMsg14.Header;
import io.coral.usp.proto.UspMsg14.Header.MsgType;
import io.coral.usp.proto.UspMsg14.Msg;
import io.coral.usp.proto.UspMsg14.Notify;
import io.coral.usp.proto.UspMsg14.Operate;
import io.coral.usp.proto.UspMsg14.OperateResp;
import io.coral.usp.proto.UspMsg14.Request;
import io.coral.usp.proto.UspMsg14.Response;
import io.coral.usp.proto.UspMsg14.Set;
import io.coral.usp.proto.UspMsg14.SetResp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Answers USP requests from a device's data model (no transport here): Get, Set, Add, Delete, Operate,
 * GetSupportedDM, GetInstances, GetSupportedProtocol; raises ValueChange, ObjectCreation, ObjectDeletion and
 * OperationComplete notifications through {@link AgentHooks}.
 */
final class UspHandler {
    static final String REQUEST_TABLE = "Device.LocalAgent.Request.";
    static final String CONTROLLER_TABLE = "Device.LocalAgent.Controller.";

    private final DeviceModel device;
    private final AgentHooks hooks;

    UspHandler(DeviceModel device, AgentHooks hooks) {
        this.device = device;
        this.hooks = hooks;
    }

    /** The response to a request Msg, or null when none is due (send_resp=false, responses, NotifyResp). */
    Msg handle(Msg msg, String fromId) {
        String id = msg.getHeader().getMsgId();
        if (!msg.getBody().hasRequest()) {
            return null;
        }
        Request r = msg.getBody().getRequest();
        try {
            return switch (r.getReqTypeCase()) {
                case GET -> response(id, MsgType.GET_RESP, Response.newBuilder().setGetResp(get(r.getGet())));
                case SET -> set(id, r.getSet());
                case ADD -> add(id, r.getAdd(), fromId);
                case DELETE -> delete(id, r.getDelete());
                case OPERATE -> operate(id, r.getOperate(), fromId);
                case GET_SUPPORTED_DM -> response(id, MsgType.GET_SUPPORTED_DM_RESP,
                        Response.newBuilder().setGetSupportedDmResp(supportedDm(r.getGetSupportedDm())));
                case GET_INSTANCES -> response(id, MsgType.GET_INSTANCES_RESP,
                        Response.newBuilder().setGetInstancesResp(instances(r.getGetInstances())));
                case GET_SUPPORTED_PROTOCOL -> response(id, MsgType.GET_SUPPORTED_PROTO_RESP,
                        Response.newBuilder().setGetSupportedProtocolResp(GetSupportedProtocolResp.newBuilder()
                                .setAgentSupportedProtocolVersions(UspRecords.SUPPORTED_VERSIONS)));
                default -> error(id, 7001, "message not supported by this agent: " + r.getReqTypeCase(), List.of());
            };
        } catch (RuntimeException e) {
            return error(id, 7003, "internal error: " + e, List.of());
        }
    }

    static Msg response(String id, MsgType type, Response.Builder body) {
        return Msg.newBuilder().setHeader(Header.newBuilder().setMsgId(id).setMsgType(type))
                .setBody(Body.newBuilder().setResponse(body)).build();
    }

    static Msg error(String id, int code, String message, List<Error.ParamError> params) {
        return Msg.newBuilder().setHeader(Header.newBuilder().setMsgId(id).setMsgType(MsgType.ERROR))
                .setBody(Body.newBuilder().setError(Error.newBuilder().setErrCode(code).setErrMsg(message)
                        .addAllParamErrs(params))).build();
    }

    // ------------------------------------------------------------------ Get

    private GetResp get(Get get) {
        int maxDepth = get.getMaxDepth() == 0 ? Integer.MAX_VALUE : get.getMaxDepth();
        GetResp.Builder resp = GetResp.newBuilder();
        for (String path : get.getParamPathsList()) {
            GetResp.RequestedPathResult.Builder rr = GetResp.RequestedPathResult.newBuilder().setRequestedPath(path);
            try {
                Map<String, Map<String, String>> byObject = new LinkedHashMap<>();
                for (String p : PathResolver.resolve(device, path).paths()) {
                    NodeDef def = device.resolve(p);
                    if (def.isParameter()) {
                        String obj = p.substring(0, p.lastIndexOf('.') + 1);
                        byObject.computeIfAbsent(obj, k -> new LinkedHashMap<>()).put(p.substring(obj.length()), device.get(p));
                    } else if (def.isObjectLike()) {
                        collect(p, def, maxDepth, byObject);
                    }
                }
                byObject.forEach((obj, params) -> rr.addResolvedPathResults(
                        GetResp.ResolvedPathResult.newBuilder().setResolvedPath(obj).putAllResultParams(params)));
            } catch (PathResolver.PathException e) {
                rr.setErrCode(e.code).setErrMsg(e.getMessage());
            } catch (ModelException e) {
                rr.setErrCode(7026).setErrMsg(e.getMessage());
            }
            resp.addReqPathResults(rr);
        }
        return resp.build();
    }

    /** Groups the parameters below an object by the object holding them, down to maxDepth object levels. */
    private void collect(String objPath, NodeDef def, int maxDepth, Map<String, Map<String, String>> byObject)
            throws ModelException {
        if (def.kind() == NodeKind.OBJECT) {
            byObject.computeIfAbsent(objPath, k -> new LinkedHashMap<>());
        }
        device.walk(objPath, Integer.MAX_VALUE, (p, d, depth) -> {
            if (d.isParameter()) {
                String obj = p.substring(0, p.lastIndexOf('.') + 1);
                if (objectDepth(objPath, obj) < maxDepth) {
                    byObject.computeIfAbsent(obj, k -> new LinkedHashMap<>()).put(p.substring(obj.length()),
                            device.getOr(p, ""));
                }
            }
        });
        if (def.kind() == NodeKind.TABLE) {
            byObject.remove(objPath);
        }
    }

    /** How many object levels {@code obj} lies below {@code base}; a table and its instance number are one level. */
    private static int objectDepth(String base, String obj) {
        int levels = 0;
        for (String seg : obj.substring(base.length()).split("\\.")) {
            if (!seg.isEmpty() && !seg.chars().allMatch(Character::isDigit)) {
                levels++;
            }
        }
        return levels;
    }

    // ------------------------------------------------------------------ Set

    private Msg set(String id, Set set) {
        record Planned(String obj, String requested, List<ParamSetting> settings, List<SetResp.ParameterError> errors,
                       boolean failed, int failCode, String failMsg) {
        }
        List<Planned> plans = new ArrayList<>();
        List<Error.ParamError> fatal = new ArrayList<>();
        for (Set.UpdateObject u : set.getUpdateObjsList()) {
            List<String> objs;
            try {
                objs = PathResolver.resolve(device, u.getObjPath()).paths();
            } catch (PathResolver.PathException e) {
                fatal.add(Error.ParamError.newBuilder().setParamPath(u.getObjPath()).setErrCode(e.code)
                        .setErrMsg(e.getMessage()).build());
                plans.add(new Planned(null, u.getObjPath(), List.of(), List.of(), true, e.code, e.getMessage()));
                continue;
            }
            for (String obj : objs) {
                List<ParamSetting> ok = new ArrayList<>();
                List<SetResp.ParameterError> errs = new ArrayList<>();
                boolean failed = false;
                for (Set.UpdateParamSetting s : u.getParamSettingsList()) {
                    String path = obj + s.getParam();
                    ModelException e = check(path, s.getValue());
                    if (e == null) {
                        ok.add(new ParamSetting(path, s.getValue(), null));
                        continue;
                    }
                    int code = code(e.error());
                    errs.add(SetResp.ParameterError.newBuilder().setParam(s.getParam()).setErrCode(code)
                            .setErrMsg(e.getMessage()).build());
                    if (s.getRequired() || !set.getAllowPartial()) {
                        failed = true;
                        fatal.add(Error.ParamError.newBuilder().setParamPath(path).setErrCode(code)
                                .setErrMsg(e.getMessage()).build());
                    }
                }
                plans.add(new Planned(obj, u.getObjPath(), ok, errs, failed, 7021, "required parameter failed"));
            }
        }
        boolean anyFailed = plans.stream().anyMatch(Planned::failed);
        if (anyFailed && !set.getAllowPartial()) {
            return error(id, 7004, "invalid arguments: set failed, nothing changed", fatal);
        }
        SetResp.Builder resp = SetResp.newBuilder();
        Map<String, SetResp.UpdatedObjectResult.OperationStatus.Builder> byRequested = new LinkedHashMap<>();
        List<String> changed = new ArrayList<>();
        for (Planned p : plans) {
            var status = byRequested.computeIfAbsent(p.requested(), k -> SetResp.UpdatedObjectResult.OperationStatus.newBuilder());
            if (p.failed()) {
                var failure = status.getOperFailureBuilder().setErrCode(p.failCode()).setErrMsg(p.failMsg());
                if (p.obj() != null) {
                    failure.addUpdatedInstFailures(SetResp.UpdatedInstanceFailure.newBuilder().setAffectedPath(p.obj())
                            .addAllParamErrs(p.errors()));
                }
                continue;
            }
            device.setAll(p.settings());
            Map<String, String> updated = new LinkedHashMap<>();
            for (ParamSetting s : p.settings()) {
                updated.put(s.path().substring(p.obj().length()), device.getOr(s.path(), s.value()));
                changed.add(s.path());
            }
            if (!status.hasOperFailure()) {
                status.getOperSuccessBuilder().addUpdatedInstResults(SetResp.UpdatedInstanceResult.newBuilder()
                        .setAffectedPath(p.obj()).addAllParamErrs(p.errors()).putAllUpdatedParams(updated));
            }
        }
        byRequested.forEach((req, st) -> resp.addUpdatedObjResults(
                SetResp.UpdatedObjectResult.newBuilder().setRequestedPath(req).setOperStatus(st)));
        for (String p : changed) {
            valueChanged(p);
        }
        return response(id, MsgType.SET_RESP, Response.newBuilder().setSetResp(resp));
    }

    private ModelException check(String path, String value) {
        NodeDef def = device.resolve(path);
        if (def == null || !def.isParameter()) {
            return new ModelException(ModelError.INVALID_PATH, path, "unsupported parameter: " + path);
        }
        if (!def.writable()) {
            return new ModelException(ModelError.NOT_WRITABLE, path, "parameter is not writable: " + path);
        }
        if (!def.type().accepts(value)) {
            return new ModelException(ModelError.INVALID_VALUE, path, "'" + value + "' is not a valid " + def.type().xsdName());
        }
        return null;
    }

    static int code(ModelError e) {
        return switch (e) {
            case INVALID_PATH -> 7010;
            case NOT_WRITABLE -> 7013;
            case INVALID_VALUE -> 7012;
            case INVALID_TYPE -> 7011;
            case NOT_CREATABLE -> 7019;
            case WRONG_KIND -> 7018;
            default -> 7004;
        };
    }

    /** Reports a parameter change to every ValueChange subscription covering it. */
    void valueChanged(String path) {
        for (Subscriptions.Sub sub : Subscriptions.enabled(device, "ValueChange")) {
            if (Subscriptions.covers(device, sub, path)) {
                hooks.notify(Notify.newBuilder().setSubscriptionId(sub.id()).setSendResp(sub.retry())
                        .setValueChange(Notify.ValueChange.newBuilder().setParamPath(path)
                                .setParamValue(device.getOr(path, ""))).build(), sub.recipient());
            }
        }
    }

    // ------------------------------------------------------------------ Add / Delete

    private Msg add(String id, Add add, String fromId) {
        AddResp.Builder resp = AddResp.newBuilder();
        List<String> created = new ArrayList<>();
        for (Add.CreateObject c : add.getCreateObjsList()) {
            var status = AddResp.CreatedObjectResult.OperationStatus.newBuilder();
            try {
                List<String> tables = PathResolver.resolve(device, c.getObjPath()).paths();
                if (tables.size() != 1) {
                    throw new PathResolver.PathException(7026, "path must name exactly one table: " + c.getObjPath());
                }
                String table = tables.getFirst();
                List<ModelException> failures = new ArrayList<>();
                List<AddResp.ParameterError> paramErrs = new ArrayList<>();
                // check the settings against the schema before creating anything
                String schemaInst = DataModel.schemaPath(table) + "{i}.";
                NodeDef tdef = device.resolve(table);
                if (tdef == null || tdef.kind() != NodeKind.TABLE) {
                    throw new PathResolver.PathException(7018, "not a multi-instance object: " + table);
                }
                if (!tdef.writable()) {
                    throw new PathResolver.PathException(7019, "object cannot be created: " + table);
                }
                List<Add.CreateParamSetting> apply = new ArrayList<>();
                for (Add.CreateParamSetting s : c.getParamSettingsList()) {
                    NodeDef def = device.model().def(schemaInst + DataModel.schemaPath(s.getParam()));
                    ModelException e = def == null || !def.isParameter()
                            ? new ModelException(ModelError.INVALID_PATH, s.getParam(), "unsupported parameter: " + s.getParam())
                            : !def.writable() ? new ModelException(ModelError.NOT_WRITABLE, s.getParam(), "not writable: " + s.getParam())
                            : !def.type().accepts(s.getValue()) ? new ModelException(ModelError.INVALID_VALUE, s.getParam(),
                                    "'" + s.getValue() + "' is not a valid " + def.type().xsdName()) : null;
                    if (e == null) {
                        apply.add(s);
                    } else if (s.getRequired()) {
                        failures.add(e);
                    } else {
                        paramErrs.add(AddResp.ParameterError.newBuilder().setParam(s.getParam()).setErrCode(code(e.error()))
                                .setErrMsg(e.getMessage()).build());
                    }
                }
                if (!failures.isEmpty()) {
                    throw new PathResolver.PathException(7021, "required parameter failed: " + failures.getFirst().getMessage());
                }
                int n = device.addInstance(table);
                String inst = table + n + ".";
                List<ParamSetting> settings = new ArrayList<>();
                for (Add.CreateParamSetting s : apply) {
                    settings.add(new ParamSetting(inst + s.getParam(), s.getValue(), null));
                }
                device.setAll(settings);
                if (table.equals(Subscriptions.TABLE)) {
                    initSubscription(inst, n, fromId);
                }
                var success = status.getOperSuccessBuilder().setInstantiatedPath(inst).addAllParamErrs(paramErrs);
                String alias = device.getOr(inst + "Alias", null);
                if (alias != null && !alias.isEmpty()) {
                    success.putUniqueKeys("Alias", alias);
                }
                if (table.equals(Subscriptions.TABLE)) {
                    success.putUniqueKeys("ID", device.getOr(inst + "ID", ""));
                }
                created.add(inst);
            } catch (PathResolver.PathException e) {
                if (!add.getAllowPartial()) {
                    return error(id, e.code, e.getMessage(), List.of());
                }
                status.getOperFailureBuilder().setErrCode(e.code).setErrMsg(e.getMessage());
            } catch (ModelException e) {
                int code = e.error() == ModelError.INVALID_PATH ? 7026 : code(e.error());
                if (!add.getAllowPartial()) {
                    return error(id, code, e.getMessage(), List.of());
                }
                status.getOperFailureBuilder().setErrCode(code).setErrMsg(e.getMessage());
            }
            resp.addCreatedObjResults(AddResp.CreatedObjectResult.newBuilder().setRequestedPath(c.getObjPath())
                    .setOperStatus(status));
        }
        for (String inst : created) {
            objectEvent("ObjectCreation", inst, true);
        }
        return response(id, MsgType.ADD_RESP, Response.newBuilder().setAddResp(resp));
    }

    private void initSubscription(String inst, int n, String fromId) throws ModelException {
        if (device.getOr(inst + "ID", "").isEmpty()) {
            device.setLocal(inst + "ID", "sub-" + n);
        }
        device.setLocal(inst + "Recipient", controllerPath(fromId));
        device.setLocal(inst + "CreationDate", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    }

    /** The Controller.{i} path whose EndpointID is {@code endpointId}; added if the agent does not know it yet. */
    String controllerPath(String endpointId) throws ModelException {
        for (int n : device.instances(CONTROLLER_TABLE)) {
            if (Objects.equals(device.getOr(CONTROLLER_TABLE + n + ".EndpointID", ""), endpointId)) {
                return CONTROLLER_TABLE + n;
            }
        }
        int n = device.addInstance(CONTROLLER_TABLE, true);
        device.setLocal(CONTROLLER_TABLE + n + ".EndpointID", endpointId);
        return CONTROLLER_TABLE + n;
    }

    private void objectEvent(String type, String inst, boolean creation) {
        for (Subscriptions.Sub sub : Subscriptions.enabled(device, type)) {
            if (Subscriptions.covers(device, sub, inst)) {
                Notify.Builder n = Notify.newBuilder().setSubscriptionId(sub.id()).setSendResp(sub.retry());
                if (creation) {
                    var oc = Notify.ObjectCreation.newBuilder().setObjPath(inst);
                    String alias = device.getOr(inst + "Alias", "");
                    if (!alias.isEmpty()) {
                        oc.putUniqueKeys("Alias", alias);
                    }
                    n.setObjCreation(oc);
                } else {
                    n.setObjDeletion(Notify.ObjectDeletion.newBuilder().setObjPath(inst));
                }
                hooks.notify(n.build(), sub.recipient());
            }
        }
    }

    private Msg delete(String id, Delete del) {
        DeleteResp.Builder resp = DeleteResp.newBuilder();
        List<String> deleted = new ArrayList<>();
        List<Runnable> notifications = new ArrayList<>();
        for (String path : del.getObjPathsList()) {
            var status = DeleteResp.DeletedObjectResult.OperationStatus.newBuilder();
            try {
                if (!path.endsWith(".")) {
                    throw new PathResolver.PathException(7026, "not an object path: " + path);
                }
                List<String> objs;
                try {
                    objs = PathResolver.resolve(device, path).paths();
                } catch (PathResolver.PathException e) {
                    // a missing instance of an existing table: nothing to delete, which is a success
                    NodeDef schema = device.model().def(DataModel.schemaPath(path));
                    if (schema == null || !path.matches(".*\\.\\d+\\.$")) {
                        throw e;
                    }
                    objs = List.of();
                }
                for (String obj : objs) {
                    NodeDef table = device.resolve(obj.substring(0, obj.lastIndexOf('.', obj.length() - 2) + 1));
                    if (!DataModel.schemaPath(obj).endsWith(".{i}.") || table == null) {
                        throw new PathResolver.PathException(7018, "not an object instance: " + obj);
                    }
                    if (!table.writable()) {
                        throw new PathResolver.PathException(7024, "object cannot be deleted: " + obj);
                    }
                }
                for (String obj : objs) {
                    device.deleteInstance(obj);
                    deleted.add(obj);
                    notifications.add(() -> objectEvent("ObjectDeletion", obj, false));
                }
                status.getOperSuccessBuilder().addAllAffectedPaths(objs);
            } catch (PathResolver.PathException e) {
                if (!del.getAllowPartial()) {
                    return error(id, e.code, e.getMessage(), List.of());
                }
                status.getOperFailureBuilder().setErrCode(e.code).setErrMsg(e.getMessage());
            } catch (ModelException e) {
                if (!del.getAllowPartial()) {
                    return error(id, 7024, e.getMessage(), List.of());
                }
                status.getOperFailureBuilder().setErrCode(7024).setErrMsg(e.getMessage());
            }
            resp.addDeletedObjResults(DeleteResp.DeletedObjectResult.newBuilder().setRequestedPath(path).setOperStatus(status));
        }
        notifications.forEach(Runnable::run);
        return response(id, MsgType.DELETE_RESP, Response.newBuilder().setDeleteResp(resp));
    }

    // ------------------------------------------------------------------ Operate

    private Msg operate(String id, Operate op, String fromId) {
        List<String> commands;
        try {
            commands = PathResolver.resolve(device, op.getCommand()).paths();
        } catch (PathResolver.PathException e) {
            return error(id, e.code, e.getMessage(), List.of());
        }
        OperateResp.Builder resp = OperateResp.newBuilder();
        for (String cmd : commands) {
            NodeDef def = device.resolve(cmd);
            var result = OperateResp.OperationResult.newBuilder().setExecutedCommand(cmd);
            if (def == null || def.kind() != NodeKind.COMMAND) {
                return error(id, 7026, "not a command: " + cmd, List.of());
            }
            String argProblem = Commands.checkArgs(cmd, op.getInputArgsMap());
            if (argProblem != null) {
                result.setCmdFailure(OperateResp.OperationResult.CommandFailure.newBuilder().setErrCode(7027)
                        .setErrMsg(argProblem));
            } else if (def.async()) {
                try {
                    int n = device.addInstance(REQUEST_TABLE, true);
                    String req = REQUEST_TABLE + n;
                    device.setLocal(req + ".Originator", fromId);
                    device.setLocal(req + ".Command", cmd);
                    device.setLocal(req + ".CommandKey", op.getCommandKey());
                    device.setLocal(req + ".Status", "Active");
                    result.setReqObjPath(req);
                    Map<String, String> args = Map.copyOf(op.getInputArgsMap());
                    hooks.later(() -> completeAsync(req, cmd, op.getCommandKey(), args));
                } catch (ModelException e) {
                    result.setCmdFailure(OperateResp.OperationResult.CommandFailure.newBuilder().setErrCode(7022)
                            .setErrMsg(e.getMessage()));
                }
            } else {
                Commands.Outcome out = Commands.runSync(device, cmd, op.getInputArgsMap());
                if (out.failure() != null) {
                    result.setCmdFailure(OperateResp.OperationResult.CommandFailure.newBuilder().setErrCode(7022)
                            .setErrMsg(out.failure()));
                } else {
                    result.setReqOutputArgs(OperateResp.OperationResult.OutputArgs.newBuilder().putAllOutputArgs(out.output()));
                    if (out.cancelRequest() != null) {
                        cancelAsync(out.cancelRequest());
                    }
                    if (out.rebootCause() != null) {
                        String cause = out.rebootCause();
                        hooks.afterReply(() -> hooks.reboot(cause, op.getCommandKey()));
                    }
                }
            }
            resp.addOperationResults(result);
        }
        if (!op.getSendResp()) {
            return null;
        }
        return response(id, MsgType.OPERATE_RESP, Response.newBuilder().setOperateResp(resp));
    }

    private void completeAsync(String req, String cmd, String commandKey, Map<String, String> args) {
        NodeDef still = device.resolve(req + ".");
        if (still == null || !"Active".equals(device.getOr(req + ".Status", ""))) {
            return;
        }
        Commands.Outcome out = Commands.runAsync(device, cmd, args);
        finish(req, cmd, commandKey, out.failure() == null ? null : out.failure(), 7022, out.output());
    }

    private void cancelAsync(String req) {
        String cmd = device.getOr(req + ".Command", "");
        String key = device.getOr(req + ".CommandKey", "");
        finish(req, cmd, key, "command canceled", 7023, Map.of());
    }

    private void finish(String req, String cmd, String commandKey, String failure, int failCode, Map<String, String> out) {
        try {
            device.deleteInstance(req + ".", true);
        } catch (ModelException e) {
            return;
        }
        int dot = cmd.lastIndexOf('.', cmd.length() - 3);
        String obj = cmd.substring(0, dot + 1);
        String name = cmd.substring(dot + 1);
        for (Subscriptions.Sub sub : Subscriptions.enabled(device, "OperationComplete")) {
            if (!Subscriptions.covers(device, sub, cmd)) {
                continue;
            }
            var oc = Notify.OperationComplete.newBuilder().setObjPath(obj).setCommandName(name).setCommandKey(commandKey);
            if (failure == null) {
                oc.setReqOutputArgs(Notify.OperationComplete.OutputArgs.newBuilder().putAllOutputArgs(out));
            } else {
                oc.setCmdFailure(Notify.OperationComplete.CommandFailure.newBuilder().setErrCode(failCode).setErrMsg(failure));
            }
            hooks.notify(Notify.newBuilder().setSubscriptionId(sub.id()).setSendResp(sub.retry()).setOperComplete(oc).build(),
                    sub.recipient());
        }
    }

    // ------------------------------------------------------------------ GetSupportedDM / GetInstances

    private GetSupportedDMResp supportedDm(GetSupportedDM req) {
        GetSupportedDMResp.Builder resp = GetSupportedDMResp.newBuilder();
        DataModel model = device.model();
        for (String path : req.getObjPathsList()) {
            var rr = GetSupportedDMResp.RequestedObjectResult.newBuilder().setReqObjPath(path)
                    .setDataModelInstUri("urn:broadband-forum-org:tr-181-2-16-0-usp");
            String schema = DataModel.schemaPath(path.replaceAll("\\.\\*\\.", ".{i}."));
            NodeDef base = model.def(schema);
            if (base == null || !base.isObjectLike()) {
                rr.setErrCode(7026).setErrMsg("invalid path: " + path);
                resp.addReqObjResults(rr);
                continue;
            }
            String start = base.kind() == NodeKind.TABLE ? schema + "{i}." : schema;
            int baseDepth = objectLevels(start);
            for (NodeDef d : model.defs()) {
                if (d.kind() != NodeKind.OBJECT || !d.path().startsWith(start)) {
                    continue;
                }
                if (req.getFirstLevelOnly() && objectLevels(d.path()) > baseDepth + 1) {
                    continue;
                }
                rr.addSupportedObjs(supportedObject(d, req));
            }
            resp.addReqObjResults(rr);
        }
        return resp.build();
    }

    private static int objectLevels(String schemaPath) {
        return schemaPath.replace(".{i}.", ".").split("\\.").length;
    }

    private GetSupportedDMResp.SupportedObjectResult supportedObject(NodeDef obj, GetSupportedDM req) {
        DataModel model = device.model();
        boolean multi = obj.path().endsWith(".{i}.");
        var so = GetSupportedDMResp.SupportedObjectResult.newBuilder().setSupportedObjPath(obj.path())
                .setIsMultiInstance(multi);
        NodeDef table = multi ? model.def(obj.path().substring(0, obj.path().length() - 4)) : null;
        so.setAccess(table != null && table.writable() ? GetSupportedDMResp.ObjAccessType.OBJ_ADD_DELETE
                : GetSupportedDMResp.ObjAccessType.OBJ_READ_ONLY);
        for (NodeDef c : model.children(obj.path())) {
            switch (c.kind()) {
                case PARAMETER -> {
                    if (req.getReturnParams()) {
                        so.addSupportedParams(GetSupportedDMResp.SupportedParamResult.newBuilder().setParamName(c.name())
                                .setAccess(c.writable() ? GetSupportedDMResp.ParamAccessType.PARAM_READ_WRITE
                                        : GetSupportedDMResp.ParamAccessType.PARAM_READ_ONLY)
                                .setValueType(valueType(c.type()))
                                .setValueChange(c.notifyLocked() ? GetSupportedDMResp.ValueChangeType.VALUE_CHANGE_WILL_IGNORE
                                        : GetSupportedDMResp.ValueChangeType.VALUE_CHANGE_ALLOWED));
                    }
                }
                case COMMAND -> {
                    if (req.getReturnCommands()) {
                        so.addSupportedCommands(GetSupportedDMResp.SupportedCommandResult.newBuilder()
                                .setCommandName(c.name()).addAllInputArgNames(Commands.inputArgs(c.path()))
                                .addAllOutputArgNames(Commands.outputArgs(c.path()))
                                .setCommandType(c.async() ? GetSupportedDMResp.CmdType.CMD_ASYNC
                                        : GetSupportedDMResp.CmdType.CMD_SYNC));
                    }
                }
                case EVENT -> {
                    if (req.getReturnEvents()) {
                        so.addSupportedEvents(GetSupportedDMResp.SupportedEventResult.newBuilder().setEventName(c.name())
                                .addAllArgNames(c.name().equals("Boot!")
                                        ? List.of("CommandKey", "Cause", "FirmwareUpdated", "ParameterMap") : List.of()));
                    }
                }
                default -> {
                }
            }
        }
        if (multi && req.getReturnUniqueKeySets() && model.def(obj.path() + "Alias") != null) {
            so.addUniqueKeySets(GetSupportedDMResp.SupportedUniqueKeySet.newBuilder().addKeyNames("Alias"));
        }
        return so.build();
    }

    private static GetSupportedDMResp.ParamValueType valueType(ParamType t) {
        return switch (t) {
            case STRING -> GetSupportedDMResp.ParamValueType.PARAM_STRING;
            case BOOLEAN -> GetSupportedDMResp.ParamValueType.PARAM_BOOLEAN;
            case INT -> GetSupportedDMResp.ParamValueType.PARAM_INT;
            case UNSIGNED_INT -> GetSupportedDMResp.ParamValueType.PARAM_UNSIGNED_INT;
            case LONG -> GetSupportedDMResp.ParamValueType.PARAM_LONG;
            case UNSIGNED_LONG -> GetSupportedDMResp.ParamValueType.PARAM_UNSIGNED_LONG;
            case DATE_TIME -> GetSupportedDMResp.ParamValueType.PARAM_DATE_TIME;
            case BASE64 -> GetSupportedDMResp.ParamValueType.PARAM_BASE_64;
            case HEX_BINARY -> GetSupportedDMResp.ParamValueType.PARAM_HEX_BINARY;
            case DECIMAL -> GetSupportedDMResp.ParamValueType.PARAM_DECIMAL;
        };
    }

    private GetInstancesResp instances(GetInstances req) {
        GetInstancesResp.Builder resp = GetInstancesResp.newBuilder();
        for (String path : req.getObjPathsList()) {
            var rr = GetInstancesResp.RequestedPathResult.newBuilder().setRequestedPath(path);
            try {
                if (!path.endsWith(".")) {
                    throw new PathResolver.PathException(7026, "not an object path: " + path);
                }
                for (String obj : PathResolver.resolve(device, path).paths()) {
                    NodeDef def = device.resolve(obj);
                    if (def.kind() == NodeKind.TABLE) {
                        for (int n : device.instances(obj)) {
                            addInstance(rr, obj + n + ".");
                            if (!req.getFirstLevelOnly()) {
                                nestedInstances(rr, obj + n + ".");
                            }
                        }
                    } else if (req.getFirstLevelOnly()) {
                        throw new PathResolver.PathException(7018, "not a multi-instance object: " + obj);
                    } else {
                        nestedInstances(rr, obj);
                    }
                }
            } catch (PathResolver.PathException e) {
                rr.setErrCode(e.code).setErrMsg(e.getMessage());
            } catch (ModelException e) {
                rr.setErrCode(7026).setErrMsg(e.getMessage());
            }
            resp.addReqPathResults(rr);
        }
        return resp.build();
    }

    private void nestedInstances(GetInstancesResp.RequestedPathResult.Builder rr, String obj) throws ModelException {
        device.walk(obj, Integer.MAX_VALUE, (p, d, depth) -> {
            if (d.kind() == NodeKind.OBJECT && d.path().endsWith(".{i}.")) {
                addInstance(rr, p);
            }
        });
    }

    private void addInstance(GetInstancesResp.RequestedPathResult.Builder rr, String inst) {
        var ci = GetInstancesResp.CurrInstance.newBuilder().setInstantiatedObjPath(inst);
        String alias = device.getOr(inst + "Alias", "");
        if (!alias.isEmpty()) {
            ci.putUniqueKeys("Alias", alias);
        }
        rr.addCurrInsts(ci);
    }
}
