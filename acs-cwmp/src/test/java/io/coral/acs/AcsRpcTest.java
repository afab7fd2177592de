package io.coral.acs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.coral.bus.command.CwmpRpcReply;
import io.coral.bus.command.CwmpRpcRequest;
import io.coral.store.Task;
import io.coral.store.TaskState;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every RPC the ACS sends, as a queued task run in a real session: the request on the wire, the CPE's canned
 * answer, the result shape on the bus (reply-less mode: the task-done event) and in the store.
 */
class AcsRpcTest {

    static AcsHarness h;

    @BeforeAll
    static void up() {
        h = AcsHarness.start();
    }

    @AfterAll
    static void down() {
        h.close();
    }

    static Stream<Arguments> rpcs() {
        return Stream.of(
                Arguments.of(Dialect.CWMP10, "GetParameterValues", "{\"names\": [\"${ROOT}DeviceInfo.\"]}",
                        "${ROOT}DeviceInfo.", "GetParameterValuesResponse",
                        "{\"${ROOT}DeviceInfo.UpTime\": \"3600\", \"${ROOT}DeviceInfo.SoftwareVersion\": \"2.0.1\", "
                                + "\"${ROOT}ManagementServer.PeriodicInformEnable\": \"true\"}"),
                Arguments.of(Dialect.CWMP12, "SetParameterValues",
                        "{\"values\": {\"${ROOT}ManagementServer.PeriodicInformInterval\": 600}, \"parameter_key\": \"pk-1\"}",
                        ":unsignedInt\">600<", "SetParameterValuesResponse", "{\"status\": 1}"),
                Arguments.of(Dialect.CWMP14, "GetParameterNames",
                        "{\"path\": \"${ROOT}ManagementServer.\", \"next_level\": true}", "<NextLevel>",
                        "GetParameterNamesResponse",
                        "[{\"name\": \"${ROOT}ManagementServer.\", \"writable\": false}, {\"name\": "
                                + "\"${ROOT}ManagementServer.URL\", \"writable\": true}, {\"name\": "
                                + "\"${ROOT}ManagementServer.ParameterKey\", \"writable\": false}]"),
                Arguments.of(Dialect.CWMP10, "GetParameterAttributes",
                        "{\"names\": [\"${ROOT}DeviceInfo.SoftwareVersion\"]}", "DeviceInfo.SoftwareVersion",
                        "GetParameterAttributesResponse",
                        "[{\"name\": \"${ROOT}DeviceInfo.SoftwareVersion\", \"notification\": 2, \"access_list\": [\"Subscriber\"]}]"),
                Arguments.of(Dialect.CWMP12, "SetParameterAttributes",
                        "{\"attributes\": [{\"name\": \"${ROOT}DeviceInfo.SoftwareVersion\", \"notification\": 2}]}",
                        "<Notification>2</Notification>", "SetParameterAttributesResponse", "{}"),
                Arguments.of(Dialect.CWMP14, "AddObject", "{\"object_name\": \"${ROOT}NAT.PortMapping.\"}",
                        "NAT.PortMapping.", "AddObjectResponse", "{\"instance_number\": 4, \"status\": 0}"),
                Arguments.of(Dialect.CWMP10, "DeleteObject", "{\"object_name\": \"${ROOT}NAT.PortMapping.4.\"}",
                        "PortMapping.4.", "DeleteObjectResponse", "{\"status\": 0}"),
                Arguments.of(Dialect.CWMP12, "Reboot", "{\"command_key\": \"rb-1\"}", "rb-1", "RebootResponse", "{}"),
                Arguments.of(Dialect.CWMP14, "FactoryReset", "{}", "FactoryReset", "FactoryResetResponse", "{}"),
                Arguments.of(Dialect.CWMP10, "Download", "{\"command_key\": \"fw-1\", \"file_type\": \"1 Firmware "
                                + "Upgrade Image\", \"url\": \"http://acs.example.net/files/fw.bin\", \"file_size\": 1024}",
                        "http://acs.example.net/files/fw.bin", "DownloadResponse",
                        "{\"status\": 1, \"start_time\": \"0001-01-01T00:00:00Z\", \"complete_time\": \"0001-01-01T00:00:00Z\"}"),
                Arguments.of(Dialect.CWMP12, "Upload", "{\"command_key\": \"up-1\", \"file_type\": \"3 Vendor "
                                + "Configuration File\", \"url\": \"http://upload.example.net/\"}", "up-1",
                        "UploadResponse", "{\"status\": 0, \"start_time\": \"2026-11-23T10:00:01Z\", "
                                + "\"complete_time\": \"2026-11-23T10:00:03Z\"}"),
                Arguments.of(Dialect.CWMP14, "ScheduleInform", "{\"delay_seconds\": 60, \"command_key\": \"si-1\"}",
                        "<DelaySeconds>60</DelaySeconds>", "ScheduleInformResponse", "{}"),
                Arguments.of(Dialect.CWMP10, "ScheduleDownload", "{\"command_key\": \"sd-1\", \"file_type\": \"1 "
                                + "Firmware Upgrade Image\", \"url\": \"http://x.example.net/fw.bin\", \"time_windows\": "
                                + "[{\"window_start\": 0, \"window_end\": 3600, \"window_mode\": \"1 At Any Time\"}]}",
                        "1 At Any Time", "ScheduleDownloadResponse",
                        "{\"status\": 1, \"start_time\": \"\", \"complete_time\": \"\"}"),
                Arguments.of(Dialect.CWMP12, "CancelTransfer", "{\"command_key\": \"fw-1\"}", "fw-1",
                        "CancelTransferResponse", "{}"),
                Arguments.of(Dialect.CWMP14, "ChangeDUState", "{\"command_key\": \"du-1\", \"operations\": [{\"op\": "
                                + "\"install\", \"url\": \"http://x.example.net/du.tar\", \"uuid\": "
                                + "\"6a2d3d5a-0000-4000-8000-000000000001\"}]}", "du.tar", "ChangeDUStateResponse", "{}"),
                Arguments.of(Dialect.CWMP10, "GetRPCMethods", "{}", "GetRPCMethods", "GetRPCMethodsResponse",
                        "[\"GetRPCMethods\", \"GetParameterValues\", \"SetParameterValues\", \"Reboot\"]"),
                Arguments.of(Dialect.CWMP12, "GetAllQueuedTransfers", "{}", "GetAllQueuedTransfers",
                        "GetAllQueuedTransfersResponse", "[{\"command_key\": \"fw-1\", \"state\": 2, \"is_download\": "
                                + "true, \"file_type\": \"1 Firmware Upgrade Image\", \"file_size\": 1048576, "
                                + "\"target_file_name\": \"fw.bin\"}]"));
    }

    @ParameterizedTest(name = "{1} ({0})")
    @MethodSource("rpcs")
    void everyRpcRunsAsATask(Dialect d, String rpc, String args, String onWire, String answer, String expected) {
        String sn = "RPC-" + rpc;
        TestCpe cpe = h.cpe(d, sn);
        assertThat(cpe.inform("1 BOOT").status()).isEqualTo(200);
        assertThat(cpe.emptyPost().status()).isEqualTo(204);

        CwmpRpcReply queued = h.queue(sn, rpc, args.replace("${ROOT}", d.root));
        assertThat(queued.error()).isNull();
        String taskId = queued.taskId();
        assertThat(queued.result().get("task_id").asText()).isEqualTo(taskId);
        assertThat(h.store.tasks().find(taskId).orElseThrow().state()).isEqualTo(TaskState.QUEUED);

        assertThat(cpe.inform("2 PERIODIC").method()).isEqualTo("InformResponse");
        TestCpe.Reply request = cpe.emptyPost();
        assertThat(request.status()).isEqualTo(200);
        assertThat(request.method()).isEqualTo(rpc);
        assertThat(request.body()).contains(d.namespace).contains(onWire.replace("${ROOT}", d.root));
        assertThat(request.id()).isNotBlank();

        TestCpe.Reply end = cpe.respond(request, answer);
        assertThat(end.status()).isEqualTo(204);

        JsonNode want = AcsHarness.readTree(expected.replace("${ROOT}", d.root));
        Task done = h.store.tasks().find(taskId).orElseThrow();
        assertThat(done.state()).isEqualTo(TaskState.DONE);
        assertThat(AcsHarness.readTree(done.result())).isEqualTo(want);
        JsonNode event = h.awaitEvent("coral.events.cwmp.task.RPC-", j -> j.get("task_id").asText().equals(taskId))
                .json();
        assertThat(event.get("rpc").asText()).isEqualTo(rpc);
        assertThat(event.get("result")).isEqualTo(want);
        assertThat(event.has("error")).isFalse();
    }

    @Test
    void parameterAnswersAreKeptInTheStore() {
        TestCpe cpe = h.cpe(Dialect.CWMP10, "KEEP-1");
        cpe.inform("1 BOOT");
        cpe.emptyPost();
        h.queue("KEEP-1", "GetParameterValues", "{\"names\": [\"InternetGatewayDevice.DeviceInfo.\"]}");
        h.queue("KEEP-1", "GetParameterNames", "{\"path\": \"InternetGatewayDevice.ManagementServer.\"}");
        cpe.inform("2 PERIODIC");
        TestCpe.Reply gpv = cpe.emptyPost();
        assertThat(gpv.method()).isEqualTo("GetParameterValues");
        TestCpe.Reply gpn = cpe.respond(gpv, "GetParameterValuesResponse");
        assertThat(gpn.method()).isEqualTo("GetParameterNames");
        assertThat(gpn.id()).isNotEqualTo(gpv.id());
        assertThat(cpe.respond(gpn, "GetParameterNamesResponse").status()).isEqualTo(204);

        var params = h.store.parameters().find("KEEP-1", "InternetGatewayDevice.");
        assertThat(params).anySatisfy(p -> {
            assertThat(p.path()).isEqualTo("InternetGatewayDevice.DeviceInfo.UpTime");
            assertThat(p.value()).isEqualTo("3600");
            assertThat(p.type()).isEqualTo("xsd:unsignedInt");
        });
        assertThat(params).anySatisfy(p -> {
            assertThat(p.path()).isEqualTo("InternetGatewayDevice.ManagementServer.URL");
            assertThat(p.writable()).isTrue();
        });
    }

    @Test
    void cpeFaultsComeBackWhole() {
        TestCpe cpe = h.cpe(Dialect.CWMP12, "FAULT-1");
        cpe.inform("1 BOOT");
        cpe.emptyPost();
        String spv = h.queue("FAULT-1", "SetParameterValues", "{\"values\": [{\"name\": "
                + "\"Device.ManagementServer.PeriodicInformInterval\", \"value\": \"-5\", \"type\": \"xsd:int\"}, "
                + "{\"name\": \"Device.DeviceInfo.ModelName\", \"value\": \"x\"}]}").taskId();
        String gpv = h.queue("FAULT-1", "GetParameterValues", "{\"names\": [\"Device.Nope.\"]}").taskId();
        cpe.inform("2 PERIODIC");
        TestCpe.Reply r1 = cpe.emptyPost();
        assertThat(r1.method()).isEqualTo("SetParameterValues");
        TestCpe.Reply r2 = cpe.respond(r1, "Fault-SetParameterValues");
        assertThat(r2.method()).isEqualTo("GetParameterValues");
        assertThat(cpe.respond(r2, "Fault-9005").status()).isEqualTo(204);

        Task t1 = h.store.tasks().find(spv).orElseThrow();
        assertThat(t1.state()).isEqualTo(TaskState.FAULT);
        JsonNode e1 = AcsHarness.readTree(t1.error());
        assertThat(e1.get("code").asText()).isEqualTo("9003");
        assertThat(e1.get("message").asText()).isEqualTo("Invalid arguments");
        JsonNode detail = e1.get("detail");
        assertThat(detail.get("error_code").asInt()).isEqualTo(9003);
        assertThat(detail.get("raw_response").asText()).contains("SetParameterValuesFault");
        assertThat(detail.get("parameter_faults")).hasSize(2);
        assertThat(detail.get("parameter_faults").get(0).get("parameter_name").asText())
                .isEqualTo("Device.ManagementServer.PeriodicInformInterval");
        assertThat(detail.get("parameter_faults").get(0).get("fault_code").asInt()).isEqualTo(9007);
        assertThat(detail.get("parameter_faults").get(1).get("fault_code").asInt()).isEqualTo(9008);

        JsonNode e2 = h.awaitEvent("coral.events.cwmp.task.FAULT-1", j -> j.get("task_id").asText().equals(gpv))
                .json().get("error");
        assertThat(e2.get("code").asText()).isEqualTo("9005");
        assertThat(e2.get("message").asText()).isEqualTo("Invalid parameter name");
    }

    @Test
    void answerWithTheWrongIdIsRefusedAndTheRightOneAccepted() {
        TestCpe cpe = h.cpe(Dialect.CWMP10, "WRONGID-1");
        cpe.inform("1 BOOT");
        cpe.emptyPost();
        String id = h.queue("WRONGID-1", "Reboot", "{}").taskId();
        cpe.inform("2 PERIODIC");
        TestCpe.Reply req = cpe.emptyPost();
        TestCpe.Reply wrong = cpe.post(cpe.envelope("not-" + req.id(), "RebootResponse", Map.of()));
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.element("FaultCode")).isEqualTo("8003");
        assertThat(h.store.tasks().find(id).orElseThrow().state()).isEqualTo(TaskState.SENT);
        TestCpe.Reply mismatched = cpe.respond(req, "GetRPCMethodsResponse");
        assertThat(mismatched.status()).isEqualTo(400);
        assertThat(cpe.respond(req, "RebootResponse").status()).isEqualTo(204);
        assertThat(h.store.tasks().find(id).orElseThrow().state()).isEqualTo(TaskState.DONE);
    }

    @Test
    void rawXmlFromAScriptIsSentWithTheSessionsOwnId() {
        TestCpe cpe = h.cpe(Dialect.CWMP14, "RAW-1");
        cpe.inform("1 BOOT");
        cpe.emptyPost();
        String xml = """
                <soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:cwmp="urn:dslforum-org:cwmp-1-0">
                  <soapenv:Header><cwmp:ID soapenv:mustUnderstand="1">script-42</cwmp:ID></soapenv:Header>
                  <soapenv:Body><cwmp:GetParameterValues><ParameterNames><string>Device.DeviceInfo.UpTime</string></ParameterNames></cwmp:GetParameterValues></soapenv:Body>
                </soapenv:Envelope>""";
        CwmpRpcReply queued = h.send("RAW-1", new CwmpRpcRequest(null, null, xml, "next_inform", null)).join();
        assertThat(queued.error()).isNull();
        cpe.inform("2 PERIODIC");
        TestCpe.Reply req = cpe.emptyPost();
        assertThat(req.method()).isEqualTo("GetParameterValues");
        assertThat(req.id()).isNotEqualTo("script-42");
        assertThat(req.body()).contains("urn:dslforum-org:cwmp-1-2").contains("Device.DeviceInfo.UpTime");
        assertThat(cpe.respond(req, "GetParameterValuesResponse").status()).isEqualTo(204);
        assertThat(h.store.tasks().find(queued.taskId()).orElseThrow().state()).isEqualTo(TaskState.DONE);
    }

    @Test
    void badCommandsAreRefusedWithoutATask() {
        TestCpe cpe = h.cpe(Dialect.CWMP10, "BAD-1");
        cpe.inform("1 BOOT");
        cpe.emptyPost();
        assertThat(h.queue("BAD-1", "GetParameterValues", "{}").error().code()).isEqualTo("invalid");
        assertThat(h.queue("BAD-1", "Frobnicate", "{}").error().code()).isEqualTo("invalid");
        assertThat(h.queue("BAD-1", "AddObject", "{\"object_name\": \"no.dot\"}").error().code()).isEqualTo("invalid");
        assertThat(h.rpc("BAD-1", "Reboot", "{}", "sometime").join().error().code()).isEqualTo("invalid");
        assertThat(h.send("BAD-1", new CwmpRpcRequest(null, null, "<not-xml", "now", null)).join().error().code())
                .isEqualTo("invalid");
        assertThat(h.queue("NO-SUCH-DEVICE", "Reboot", "{}").error().code()).isEqualTo("not_found");
        assertThat(h.store.tasks().list("BAD-1", null, 10)).isEmpty();
    }
}
