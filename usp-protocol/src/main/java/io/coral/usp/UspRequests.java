package io.coral.usp;

import io.coral.usp.proto.UspMsg14.Add;
import io.coral.usp.proto.UspMsg14.Delete;
import io.coral.usp.proto.UspMsg14.Get;
import io.coral.usp.proto.UspMsg14.GetInstances;
import io.coral.usp.proto.UspMsg14.GetSupportedDM;
import io.coral.usp.proto.UspMsg14.GetSupportedProtocol;
import io.coral.usp.proto.UspMsg14.Header.MsgType;
import io.coral.usp.proto.UspMsg14.Msg;
import io.coral.usp.proto.UspMsg14.Operate;
import io.coral.usp.proto.UspMsg14.Request;
import io.coral.usp.proto.UspMsg14.Set;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builders for every request a controller sends. Each builds an immutable {@link Msg}; the msg_id is
 * generated unless given. Builders are single-use helpers, the Msgs they build are what is shared.
 */
public final class UspRequests {
    private UspRequests() {}

    public static GetBuilder get(String... paths) { return new GetBuilder(List.of(paths)); }
    public static GetBuilder get(List<String> paths) { return new GetBuilder(paths); }
    public static SetBuilder set() { return new SetBuilder(); }
    public static AddBuilder add() { return new AddBuilder(); }
    public static DeleteBuilder delete(String... paths) { return new DeleteBuilder(List.of(paths)); }
    public static OperateBuilder operate(String command) { return new OperateBuilder(command); }
    public static GetSupportedDmBuilder getSupportedDm(String... paths) { return new GetSupportedDmBuilder(List.of(paths)); }
    public static GetInstancesBuilder getInstances(String... paths) { return new GetInstancesBuilder(List.of(paths)); }
    public static GetSupportedProtocolBuilder getSupportedProtocol() { return new GetSupportedProtocolBuilder(); }

    /** Common part: the optional msg_id. */
    public abstract static class Base<B extends Base<B>> {
        String msgId;

        @SuppressWarnings("unchecked")
        public B msgId(String id) {
            this.msgId = id;
            return (B) this;
        }

        public abstract Msg build();
    }

    public static final class GetBuilder extends Base<GetBuilder> {
        private final List<String> paths;
        private int maxDepth;

        GetBuilder(List<String> paths) { this.paths = List.copyOf(paths); }

        /** 0 (the default) returns the whole sub-tree. */
        public GetBuilder maxDepth(int depth) {
            if (depth < 0) throw new IllegalArgumentException("max_depth < 0");
            this.maxDepth = depth;
            return this;
        }

        @Override public Msg build() {
            Get get = Get.newBuilder().addAllParamPaths(paths).setMaxDepth(maxDepth).build();
            return UspMessages.wrap(msgId, MsgType.GET, Request.newBuilder().setGet(get).build());
        }
    }

    public static final class SetBuilder extends Base<SetBuilder> {
        private final Set.Builder set = Set.newBuilder();

        public SetBuilder allowPartial(boolean b) { set.setAllowPartial(b); return this; }

        /** Sets every param of {@code obj} (required=true) to the given values. */
        public SetBuilder update(String objPath, Map<String, String> values) {
            Set.UpdateObject.Builder o = Set.UpdateObject.newBuilder().setObjPath(objPath);
            values.forEach((k, v) -> o.addParamSettings(Set.UpdateParamSetting.newBuilder().setParam(k).setValue(v).setRequired(true)));
            set.addUpdateObjs(o);
            return this;
        }

        public SetBuilder update(String objPath, String param, String value, boolean required) {
            set.addUpdateObjs(Set.UpdateObject.newBuilder().setObjPath(objPath)
                    .addParamSettings(Set.UpdateParamSetting.newBuilder().setParam(param).setValue(value).setRequired(required)));
            return this;
        }

        /** A full path "Device.X.Y" split into object "Device.X." and parameter "Y". */
        public SetBuilder param(String fullPath, String value) {
            int dot = fullPath.lastIndexOf('.');
            if (dot <= 0 || dot == fullPath.length() - 1) throw new IllegalArgumentException("not a parameter path: " + fullPath);
            return update(fullPath.substring(0, dot + 1), fullPath.substring(dot + 1), value, true);
        }

        @Override public Msg build() {
            return UspMessages.wrap(msgId, MsgType.SET, Request.newBuilder().setSet(set.build()).build());
        }
    }

    public static final class AddBuilder extends Base<AddBuilder> {
        private final Add.Builder add = Add.newBuilder();

        public AddBuilder allowPartial(boolean b) { add.setAllowPartial(b); return this; }

        public AddBuilder create(String objPath, Map<String, String> params) {
            Add.CreateObject.Builder o = Add.CreateObject.newBuilder().setObjPath(objPath);
            new LinkedHashMap<>(params).forEach((k, v) ->
                    o.addParamSettings(Add.CreateParamSetting.newBuilder().setParam(k).setValue(v).setRequired(true)));
            add.addCreateObjs(o);
            return this;
        }

        @Override public Msg build() {
            return UspMessages.wrap(msgId, MsgType.ADD, Request.newBuilder().setAdd(add.build()).build());
        }
    }

    public static final class DeleteBuilder extends Base<DeleteBuilder> {
        private final List<String> paths;
        private boolean allowPartial;

        DeleteBuilder(List<String> paths) { this.paths = List.copyOf(paths); }

        public DeleteBuilder allowPartial(boolean b) { allowPartial = b; return this; }

        @Override public Msg build() {
            Delete d = Delete.newBuilder().setAllowPartial(allowPartial).addAllObjPaths(paths).build();
            return UspMessages.wrap(msgId, MsgType.DELETE, Request.newBuilder().setDelete(d).build());
        }
    }

    public static final class OperateBuilder extends Base<OperateBuilder> {
        private final Operate.Builder op = Operate.newBuilder().setSendResp(true);

        OperateBuilder(String command) { op.setCommand(command); }

        public OperateBuilder commandKey(String key) { op.setCommandKey(key); return this; }
        public OperateBuilder sendResp(boolean b) { op.setSendResp(b); return this; }
        public OperateBuilder input(String name, String value) { op.putInputArgs(name, value); return this; }
        public OperateBuilder inputs(Map<String, String> args) { op.putAllInputArgs(args); return this; }

        @Override public Msg build() {
            return UspMessages.wrap(msgId, MsgType.OPERATE, Request.newBuilder().setOperate(op.build()).build());
        }
    }

    public static final class GetSupportedDmBuilder extends Base<GetSupportedDmBuilder> {
        private final GetSupportedDM.Builder g = GetSupportedDM.newBuilder();

        GetSupportedDmBuilder(List<String> paths) { g.addAllObjPaths(paths); }

        public GetSupportedDmBuilder firstLevelOnly(boolean b) { g.setFirstLevelOnly(b); return this; }
        public GetSupportedDmBuilder returnCommands(boolean b) { g.setReturnCommands(b); return this; }
        public GetSupportedDmBuilder returnEvents(boolean b) { g.setReturnEvents(b); return this; }
        public GetSupportedDmBuilder returnParams(boolean b) { g.setReturnParams(b); return this; }
        public GetSupportedDmBuilder returnUniqueKeySets(boolean b) { g.setReturnUniqueKeySets(b); return this; }

        /** Commands, events, params and unique key sets. */
        public GetSupportedDmBuilder returnAll() {
            return returnCommands(true).returnEvents(true).returnParams(true).returnUniqueKeySets(true);
        }

        @Override public Msg build() {
            return UspMessages.wrap(msgId, MsgType.GET_SUPPORTED_DM, Request.newBuilder().setGetSupportedDm(g.build()).build());
        }
    }

    public static final class GetInstancesBuilder extends Base<GetInstancesBuilder> {
        private final List<String> paths;
        private boolean firstLevelOnly;

        GetInstancesBuilder(List<String> paths) { this.paths = new ArrayList<>(paths); }

        public GetInstancesBuilder firstLevelOnly(boolean b) { firstLevelOnly = b; return this; }

        @Override public Msg build() {
            GetInstances g = GetInstances.newBuilder().addAllObjPaths(paths).setFirstLevelOnly(firstLevelOnly).build();
            return UspMessages.wrap(msgId, MsgType.GET_INSTANCES, Request.newBuilder().setGetInstances(g).build());
        }
    }

    public static final class GetSupportedProtocolBuilder extends Base<GetSupportedProtocolBuilder> {
        private String versions = UspRecords.SUPPORTED_VERSIONS;

        public GetSupportedProtocolBuilder versions(String csv) { versions = csv; return this; }

        @Override public Msg build() {
            GetSupportedProtocol g = GetSupportedProtocol.newBuilder().setControllerSupportedProtocolVersions(versions).build();
            return UspMessages.wrap(msgId, MsgType.GET_SUPPORTED_PROTO, Request.newBuilder().setGetSupportedProtocol(g).build());
        }
    }
}
