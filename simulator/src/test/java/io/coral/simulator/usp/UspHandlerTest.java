package io.coral.simulator.usp;

import static org.assertj.core.api.Assertions.assertThat;

import io.coral.simulator.model.DataModel;
import io.coral.simulator.model.DeviceIdentity;
import io.coral.simulator.model.DeviceModel;
import io.coral.usp.proto.UspMsg14.Add;
import io.coral.usp.proto.UspMsg14.Body;
import io.coral.usp.proto.UspMsg14.Delete;
import io.coral.usp.proto.UspMsg14.Get;
import io.coral.usp.proto.UspMsg14.GetInstances;
import io.coral.usp.proto.UspMsg14.GetResp;
import io.coral.usp.proto.UspMsg14.GetSupportedDM;
import io.coral.usp.proto.UspMsg14.GetSupportedDMResp;
import io.coral.usp.proto.UspMsg14.GetSupportedProtocol;
import io.coral.usp.proto.UspMsg14.Header;
import io.coral.usp.proto.UspMsg14.Msg;
import io.coral.usp.proto.UspMsg14.Notify;
import io.coral.usp.proto.UspMsg14.Operate;
import io.coral.usp.proto.UspMsg14.Request;
import io.coral.usp.proto.UspMsg14.Set;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The USP message handler against a TR-181 device, no transport. */
class UspHandlerTest {
    private static final DataModel TR181 = DataModel.load("tr181");
    private static final String CTRL = "proto::ctrl";

    private final DeviceModel device = new DeviceModel(TR181, DeviceIdentity.of(1, "SIM000001", "00256D", "CoralGate"),
            Map.of("controller_id", CTRL, "controller_topic", "usp/controller/test"));
    private final List<Notify> notified = new ArrayList<>();
    private final List<Runnable> later = new ArrayList<>();
    private final List<Runnable> after = new ArrayList<>();
    private final List<String> reboots = new ArrayList<>();
    private final UspHandler handler = new UspHandler(device, new AgentHooks() {
        @Override
        public void notify(Notify notify, String recipient) {
            assertThat(recipient).isEqualTo("Device.LocalAgent.Controller.1");
            notified.add(notify);
        }

        @Override
        public void afterReply(Runnable action) {
            after.add(action);
        }

        @Override
        public void later(Runnable action) {
            later.add(action);
        }

        @Override
        public void reboot(String cause, String commandKey) {
            reboots.add(cause + "/" + commandKey);
        }
    });

    private Msg send(Request.Builder r) {
        return handler.handle(Msg.newBuilder().setHeader(Header.newBuilder().setMsgId("m1"))
                .setBody(Body.newBuilder().setRequest(r)).build(), CTRL);
    }

    private GetResp get(int maxDepth, String... paths) {
        Msg m = send(Request.newBuilder().setGet(Get.newBuilder().addAllParamPaths(List.of(paths)).setMaxDepth(maxDepth)));
        assertThat(m.getHeader().getMsgId()).isEqualTo("m1");
        assertThat(m.getHeader().getMsgType()).isEqualTo(Header.MsgType.GET_RESP);
        return m.getBody().getResponse().getGetResp();
    }

    @Test
    void getParametersObjectsWildcardsSearchAndDepth() {
        GetResp r = get(0, "Device.DeviceInfo.SerialNumber", "Device.IP.Interface.*.Name",
                "Device.IP.Interface.[Name==\"lan\"].IPv4Address.1.IPAddress", "Device.Nope.", "Device.IP.Interface.7.Name",
                "Device.IP.Interface.[Name==\"none\"].Status");
        assertThat(r.getReqPathResults(0).getResolvedPathResults(0).getResolvedPath()).isEqualTo("Device.DeviceInfo.");
        assertThat(r.getReqPathResults(0).getResolvedPathResults(0).getResultParamsMap()).containsEntry("SerialNumber", "SIM000001");
        assertThat(r.getReqPathResults(1).getResolvedPathResultsList()).extracting(GetResp.ResolvedPathResult::getResolvedPath)
                .containsExactly("Device.IP.Interface.1.", "Device.IP.Interface.2.");
        assertThat(r.getReqPathResults(2).getResolvedPathResults(0).getResultParamsMap())
                .containsEntry("IPAddress", "192.168.1.1");
        assertThat(r.getReqPathResults(3).getErrCode()).isEqualTo(7026);
        assertThat(r.getReqPathResults(4).getErrCode()).isEqualTo(7026);
        assertThat(r.getReqPathResults(5).getErrCode()).isZero();
        assertThat(r.getReqPathResults(5).getResolvedPathResultsList()).isEmpty();

        GetResp all = get(0, "Device.IP.Interface.1.");
        assertThat(all.getReqPathResults(0).getResolvedPathResultsList()).extracting(GetResp.ResolvedPathResult::getResolvedPath)
                .containsExactly("Device.IP.Interface.1.", "Device.IP.Interface.1.IPv4Address.1.");
        GetResp shallow = get(1, "Device.IP.Interface.1.");
        assertThat(shallow.getReqPathResults(0).getResolvedPathResultsList()).extracting(GetResp.ResolvedPathResult::getResolvedPath)
                .containsExactly("Device.IP.Interface.1.");
        assertThat(shallow.getReqPathResults(0).getResolvedPathResults(0).getResultParamsMap()).containsEntry("Name", "wan");
    }

    @Test
    void setIsAtomicWithoutAllowPartialAndReportsNonWritable() {
        Msg ok = send(Request.newBuilder().setSet(Set.newBuilder().addUpdateObjs(Set.UpdateObject.newBuilder()
                .setObjPath("Device.WiFi.SSID.*.").addParamSettings(Set.UpdateParamSetting.newBuilder().setParam("SSID")
                        .setValue("coral").setRequired(true)))));
        assertThat(ok.getHeader().getMsgType()).isEqualTo(Header.MsgType.SET_RESP);
        assertThat(ok.getBody().getResponse().getSetResp().getUpdatedObjResults(0).getOperStatus().getOperSuccess()
                .getUpdatedInstResultsList()).hasSize(2)
                .allSatisfy(u -> assertThat(u.getUpdatedParamsMap()).containsEntry("SSID", "coral"));

        Msg err = send(Request.newBuilder().setSet(Set.newBuilder().addUpdateObjs(Set.UpdateObject.newBuilder()
                .setObjPath("Device.DeviceInfo.")
                .addParamSettings(Set.UpdateParamSetting.newBuilder().setParam("ProvisioningCode").setValue("p1"))
                .addParamSettings(Set.UpdateParamSetting.newBuilder().setParam("SerialNumber").setValue("X")))));
        assertThat(err.getHeader().getMsgType()).isEqualTo(Header.MsgType.ERROR);
        assertThat(err.getBody().getError().getErrCode()).isEqualTo(7004);
        assertThat(err.getBody().getError().getParamErrs(0).getParamPath()).isEqualTo("Device.DeviceInfo.SerialNumber");
        assertThat(err.getBody().getError().getParamErrs(0).getErrCode()).isEqualTo(7013);
        assertThat(device.getOr("Device.DeviceInfo.ProvisioningCode", "?")).isEmpty();

        Msg partial = send(Request.newBuilder().setSet(Set.newBuilder().setAllowPartial(true).addUpdateObjs(
                Set.UpdateObject.newBuilder().setObjPath("Device.DeviceInfo.")
                        .addParamSettings(Set.UpdateParamSetting.newBuilder().setParam("ProvisioningCode").setValue("p2"))
                        .addParamSettings(Set.UpdateParamSetting.newBuilder().setParam("SerialNumber").setValue("X")))));
        var result = partial.getBody().getResponse().getSetResp().getUpdatedObjResults(0).getOperStatus().getOperSuccess()
                .getUpdatedInstResults(0);
        assertThat(result.getParamErrs(0).getErrCode()).isEqualTo(7013);
        assertThat(device.getOr("Device.DeviceInfo.ProvisioningCode", "?")).isEqualTo("p2");
    }

    @Test
    void addDeleteAndTheirNotifications() {
        addSubscription("ObjectCreation", "Device.IP.Interface.");
        addSubscription("ObjectDeletion", "Device.IP.Interface.");
        addSubscription("ValueChange", "Device.IP.Interface.*.Alias");
        Msg add = send(Request.newBuilder().setAdd(Add.newBuilder().addCreateObjs(Add.CreateObject.newBuilder()
                .setObjPath("Device.IP.Interface.").addParamSettings(Add.CreateParamSetting.newBuilder()
                        .setParam("Alias").setValue("cpe-x").setRequired(true)))));
        var success = add.getBody().getResponse().getAddResp().getCreatedObjResults(0).getOperStatus().getOperSuccess();
        assertThat(success.getInstantiatedPath()).isEqualTo("Device.IP.Interface.3.");
        assertThat(success.getUniqueKeysMap()).containsEntry("Alias", "cpe-x");
        assertThat(notified).last().satisfies(n -> assertThat(n.getObjCreation().getObjPath()).isEqualTo("Device.IP.Interface.3."));

        send(Request.newBuilder().setSet(Set.newBuilder().addUpdateObjs(Set.UpdateObject.newBuilder()
                .setObjPath("Device.IP.Interface.3.").addParamSettings(Set.UpdateParamSetting.newBuilder()
                        .setParam("Alias").setValue("renamed")))));
        assertThat(notified).last().satisfies(n -> {
            assertThat(n.getValueChange().getParamPath()).isEqualTo("Device.IP.Interface.3.Alias");
            assertThat(n.getValueChange().getParamValue()).isEqualTo("renamed");
        });

        Msg fixed = send(Request.newBuilder().setAdd(Add.newBuilder().addCreateObjs(Add.CreateObject.newBuilder()
                .setObjPath("Device.Hosts.Host."))));
        assertThat(fixed.getBody().getError().getErrCode()).isEqualTo(7019);
        Msg notTable = send(Request.newBuilder().setAdd(Add.newBuilder().addCreateObjs(Add.CreateObject.newBuilder()
                .setObjPath("Device.DeviceInfo."))));
        assertThat(notTable.getBody().getError().getErrCode()).isEqualTo(7018);

        Msg del = send(Request.newBuilder().setDelete(Delete.newBuilder().addObjPaths("Device.IP.Interface.3.")
                .addObjPaths("Device.IP.Interface.99.")));
        var results = del.getBody().getResponse().getDeleteResp().getDeletedObjResultsList();
        assertThat(results.get(0).getOperStatus().getOperSuccess().getAffectedPathsList()).containsExactly("Device.IP.Interface.3.");
        assertThat(results.get(1).getOperStatus().getOperSuccess().getAffectedPathsList()).isEmpty();
        assertThat(notified).last().satisfies(n -> assertThat(n.getObjDeletion().getObjPath()).isEqualTo("Device.IP.Interface.3."));
        Msg bad = send(Request.newBuilder().setDelete(Delete.newBuilder().addObjPaths("Device.Nope.1.")));
        assertThat(bad.getBody().getError().getErrCode()).isEqualTo(7026);
    }

    @Test
    void operateSyncAsyncAndErrors() {
        addSubscription("OperationComplete", "Device.SelfTestDiagnostics()");
        Msg async = send(Request.newBuilder().setOperate(Operate.newBuilder().setCommand("Device.SelfTestDiagnostics()")
                .setCommandKey("k1").setSendResp(true)));
        var res = async.getBody().getResponse().getOperateResp().getOperationResults(0);
        assertThat(res.getReqObjPath()).isEqualTo("Device.LocalAgent.Request.1");
        assertThat(device.getOr("Device.LocalAgent.Request.1.Status", "")).isEqualTo("Active");
        later.forEach(Runnable::run);
        assertThat(notified).last().satisfies(n -> {
            assertThat(n.getOperComplete().getCommandName()).isEqualTo("SelfTestDiagnostics()");
            assertThat(n.getOperComplete().getObjPath()).isEqualTo("Device.");
            assertThat(n.getOperComplete().getCommandKey()).isEqualTo("k1");
            assertThat(n.getOperComplete().getReqOutputArgs().getOutputArgsMap()).containsEntry("Status", "Complete");
        });
        assertThat(device.resolve("Device.LocalAgent.Request.1.")).isNull();

        Msg reboot = send(Request.newBuilder().setOperate(Operate.newBuilder().setCommand("Device.Reboot()")
                .setCommandKey("rb").setSendResp(true)));
        assertThat(reboot.getBody().getResponse().getOperateResp().getOperationResults(0).hasReqOutputArgs()).isTrue();
        after.forEach(Runnable::run);
        assertThat(reboots).containsExactly("RemoteReboot/rb");

        Msg badArgs = send(Request.newBuilder().setOperate(Operate.newBuilder().setCommand("Device.IP.Diagnostics.IPPing()")
                .setSendResp(true)));
        assertThat(badArgs.getBody().getResponse().getOperateResp().getOperationResults(0).getCmdFailure().getErrCode())
                .isEqualTo(7027);
        Msg unknown = send(Request.newBuilder().setOperate(Operate.newBuilder().setCommand("Device.Explode()")
                .setSendResp(true)));
        assertThat(unknown.getBody().getError().getErrCode()).isEqualTo(7026);
        assertThat(send(Request.newBuilder().setOperate(Operate.newBuilder().setCommand("Device.Reboot()")
                .setSendResp(false)))).isNull();
    }

    @Test
    void supportedDmInstancesAndProtocol() {
        Msg dm = send(Request.newBuilder().setGetSupportedDm(GetSupportedDM.newBuilder().addObjPaths("Device.IP.")
                .setReturnParams(true).setReturnCommands(true).setReturnEvents(true)));
        var objs = dm.getBody().getResponse().getGetSupportedDmResp().getReqObjResults(0).getSupportedObjsList();
        assertThat(objs).extracting(GetSupportedDMResp.SupportedObjectResult::getSupportedObjPath)
                .contains("Device.IP.", "Device.IP.Interface.{i}.", "Device.IP.Interface.{i}.IPv4Address.{i}.");
        assertThat(objs).filteredOn(o -> o.getSupportedObjPath().equals("Device.IP.Interface.{i}.")).singleElement()
                .satisfies(o -> {
                    assertThat(o.getIsMultiInstance()).isTrue();
                    assertThat(o.getAccess()).isEqualTo(GetSupportedDMResp.ObjAccessType.OBJ_ADD_DELETE);
                    assertThat(o.getSupportedParamsList()).anySatisfy(p -> {
                        assertThat(p.getParamName()).isEqualTo("Enable");
                        assertThat(p.getValueType()).isEqualTo(GetSupportedDMResp.ParamValueType.PARAM_BOOLEAN);
                        assertThat(p.getAccess()).isEqualTo(GetSupportedDMResp.ParamAccessType.PARAM_READ_WRITE);
                    });
                });
        assertThat(objs).filteredOn(o -> o.getSupportedObjPath().equals("Device.IP.Diagnostics.")).singleElement()
                .satisfies(o -> assertThat(o.getSupportedCommands(0).getCommandType())
                        .isEqualTo(GetSupportedDMResp.CmdType.CMD_ASYNC));
        Msg badDm = send(Request.newBuilder().setGetSupportedDm(GetSupportedDM.newBuilder().addObjPaths("Device.Bogus.")));
        assertThat(badDm.getBody().getResponse().getGetSupportedDmResp().getReqObjResults(0).getErrCode()).isEqualTo(7026);

        Msg inst = send(Request.newBuilder().setGetInstances(GetInstances.newBuilder().addObjPaths("Device.IP.Interface.")));
        assertThat(inst.getBody().getResponse().getGetInstancesResp().getReqPathResults(0).getCurrInstsList())
                .extracting(c -> c.getInstantiatedObjPath())
                .containsExactly("Device.IP.Interface.1.", "Device.IP.Interface.1.IPv4Address.1.", "Device.IP.Interface.2.",
                        "Device.IP.Interface.2.IPv4Address.1.");
        Msg proto = send(Request.newBuilder().setGetSupportedProtocol(GetSupportedProtocol.newBuilder()
                .setControllerSupportedProtocolVersions("1.3")));
        assertThat(proto.getBody().getResponse().getGetSupportedProtocolResp().getAgentSupportedProtocolVersions()).contains("1.3");
    }

    private void addSubscription(String type, String refs) {
        Msg m = send(Request.newBuilder().setAdd(Add.newBuilder().addCreateObjs(Add.CreateObject.newBuilder()
                .setObjPath("Device.LocalAgent.Subscription.")
                .addParamSettings(Add.CreateParamSetting.newBuilder().setParam("Enable").setValue("true"))
                .addParamSettings(Add.CreateParamSetting.newBuilder().setParam("NotifType").setValue(type))
                .addParamSettings(Add.CreateParamSetting.newBuilder().setParam("ReferenceList").setValue(refs)))));
        String inst = m.getBody().getResponse().getAddResp().getCreatedObjResults(0).getOperStatus().getOperSuccess()
                .getInstantiatedPath();
        assertThat(device.getOr(inst + "Recipient", "")).isEqualTo("Device.LocalAgent.Controller.1");
    }
}
