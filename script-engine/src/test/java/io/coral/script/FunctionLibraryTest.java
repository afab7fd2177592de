package io.coral.script;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coral.bus.Json;
import io.coral.bus.command.BusError;
import io.coral.bus.command.CwmpRpcReply;
import io.coral.bus.command.CwmpRpcRequest;
import io.coral.bus.command.UspMsgReply;
import io.coral.bus.event.CwmpTaskDoneEvent;
import io.coral.store.Device;
import io.coral.store.Parameter;
import io.coral.store.Run;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One test (at least) per function of lua-api.md, against a fake ACS and a fake USP controller on LocalBus. */
class FunctionLibraryTest {
    static EngineFixture fx;

    static final String GPV_XML = """
            <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:cwmp="urn:dslforum-org:cwmp-1-0">
              <soap:Header/><soap:Body><cwmp:GetParameterValues><ParameterNames><string>Device.DeviceInfo.</string></ParameterNames></cwmp:GetParameterValues></soap:Body>
            </soap:Envelope>""";

    static JsonNode json(String s) {
        try {
            return Json.MAPPER.readTree(s);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    @BeforeAll
    static void start() {
        fx = new EngineFixture();
        fx.store.devices().upsertCwmp("SN1", "00D09E", "IGD", "Acme", "R1", "1.0", "TR-181",
                new Device.CwmpInfo(2, "http://cpe", null, null, 300, "1.4", "10.0.0.1", Instant.now()));
        fx.store.devices().setStatus("SN1", "cwmp", 2);
        fx.store.devices().upsertUsp("os::012345-ABC", "Acme", "U1", "2.0", "UPC", "TR-181",
                new Device.UspInfo(2, "os::012345-ABC", "usp/agent", "5", Instant.now()));
        fx.store.parameters().upsertAll("SN1", List.of(
                new Parameter("SN1", "Device.DeviceInfo.SoftwareVersion", "1.0", "xsd:string", false, Instant.now()),
                new Parameter("SN1", "Device.DeviceInfo.Manufacturer", "Acme", "xsd:string", false, Instant.now()),
                new Parameter("SN1", "Device.WiFi.SSID.1.SSID", "home", "xsd:string", true, Instant.now())));
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    @BeforeEach
    void reset() {
        fx.cwmpRequests.clear();
        fx.uspRequests.clear();
    }

    private static String luaXml(String rpcBody) {
        return "[[<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:cwmp=\"urn:dslforum-org:cwmp-1-0\">"
                + "<soap:Body>" + rpcBody + "</soap:Body></soap:Envelope>]]";
    }

    // ---- send_cwmp_message ----

    @Test
    void sendCwmpMessageGetReturnsPathValueTable() {
        fx.acs = (sn, r) -> new CwmpRpcReply("t1", json("{\"Device.DeviceInfo.SoftwareVersion\":\"2.1\",\"Device.DeviceInfo.Manufacturer\":\"Acme\"}"), null);
        List<String> out = fx.ok("local r = send_cwmp_message('SN1', " + luaXml("<cwmp:GetParameterValues><ParameterNames><string>Device.DeviceInfo.</string></ParameterNames></cwmp:GetParameterValues>")
                + ", 0) print(r['Device.DeviceInfo.SoftwareVersion'], r['Device.DeviceInfo.Manufacturer'])");
        assertThat(out).containsExactly("2.1\tAcme");
        CwmpRpcRequest req = fx.cwmpRequests.get(0);
        assertThat(req.xml()).contains("GetParameterValues");
        assertThat(req.mode()).isEqualTo("now");
        assertThat(fx.cwmpSubjects.get(0)).isEqualTo("SN1");
    }

    @Test
    void sendCwmpMessageSetAndDeleteReturnBooleans() {
        fx.acs = (sn, r) -> new CwmpRpcReply("t1", json("{\"status\":0}"), null);
        assertThat(fx.ok("print(send_cwmp_message('SN1', " + luaXml("<cwmp:SetParameterValues/>") + ", 1), send_cwmp_message('SN1', "
                + luaXml("<cwmp:DeleteObject/>") + ", 3))")).containsExactly("true\ttrue");
    }

    @Test
    void sendCwmpMessageAddObjectAndGetParameterNames() {
        fx.acs = (sn, r) -> r.xml().contains("AddObject")
                ? new CwmpRpcReply("t1", json("{\"instance_number\":3,\"status\":0}"), null)
                : new CwmpRpcReply("t2", json("[{\"name\":\"Device.WiFi.\",\"writable\":false},{\"name\":\"Device.WiFi.SSID.1.SSID\",\"writable\":true}]"), null);
        assertThat(fx.ok("local a = send_cwmp_message('SN1', " + luaXml("<cwmp:AddObject/>") + ", 2) print(a.instance_number, a.status)"
                + " local n = send_cwmp_message('SN1', " + luaXml("<cwmp:GetParameterNames/>") + ", 4)"
                + " print(#n, n[1].name, n[1].writable, n[2].name, n[2].writable)"))
                .containsExactly("3\t0", "2\tDevice.WiFi.\tfalse\tDevice.WiFi.SSID.1.SSID\ttrue");
    }

    @Test
    void sendCwmpMessageFaultIsATable() {
        ObjectNode detail = (ObjectNode) json("{\"error_code\":\"9005\",\"error_message\":\"Invalid parameter name\",\"raw_response\":\"<Fault/>\","
                + "\"parameter_faults\":[{\"parameter_name\":\"Device.X\",\"fault_code\":\"9005\",\"fault_string\":\"no such\"}]}");
        fx.acs = (sn, r) -> new CwmpRpcReply("t1", null, new BusError("9005", "Invalid parameter name", detail));
        assertThat(fx.ok("local r = send_cwmp_message('SN1', " + luaXml("<cwmp:GetParameterValues/>") + ", 0)"
                + " print(r.error_code, r.error_message, r.raw_response, r.parameter_faults[1].parameter_name, r.parameter_faults[1].fault_code, r.parameter_faults[1].fault_string)"
                + " local ok, f = send_cwmp_message('SN1', " + luaXml("<cwmp:SetParameterValues/>") + ", 1) print(ok, f.error_code)"))
                .containsExactly("9005\tInvalid parameter name\t<Fault/>\tDevice.X\t9005\tno such", "false\t9005");
    }

    @Test
    void sendCwmpMessageTimeoutAndOfflineGiveNilPlusError() {
        fx.acs = (sn, r) -> new CwmpRpcReply(null, null, BusError.of(sn.equals("SN1") ? "timeout" : "offline", "no answer"));
        assertThat(fx.ok("local r, e = send_cwmp_message('SN1', " + luaXml("<cwmp:GetParameterValues/>") + ", 0) print(r, e.error_code)"
                + " local r2, e2 = send_cwmp_message('OTHER', " + luaXml("<cwmp:GetParameterValues/>") + ", 0) print(r2, e2.error_code, e2.error_message)"))
                .containsExactly("nil\ttimeout", "nil\toffline\tno answer");
    }

    @Test
    void sendCwmpMessageRefusesBadXmlWithoutSending() {
        assertThat(fx.ok("local r, e = send_cwmp_message('SN1', '<not xml', 0) print(r, e.error_code)"
                + " local r2, e2 = send_cwmp_message('SN1', " + luaXml("<cwmp:SetParameterValues/>") + ", 0) print(r2, e2.error_message)"))
                .containsExactly("nil\tinvalid", "nil\tmessage type names GetParameterValues but the Body holds SetParameterValues");
        assertThat(fx.cwmpRequests).isEmpty();
    }

    @Test
    void sendCwmpMessageWrongArgumentTypeIsALuaErrorWithLine() {
        Run r = fx.run("\nsend_cwmp_message('SN1', {}, 0)");
        assertThat(r.outcome()).isEqualTo("error");
        assertThat(r.errorLine()).isEqualTo(2);
        Run r2 = fx.run("send_cwmp_message('SN1', '<a/>', 9)");
        assertThat(r2.reason()).contains("message type must be 0..4");
    }

    @Test
    void sendCwmpMessageBlockQueueWaitsForTheTaskResult() {
        fx.acs = (sn, r) -> {
            assertThat(r.mode()).isEqualTo("next_inform");
            fx.bus.publishEvent(fx.bus.subjects().cwmpTaskDone(sn),
                    new CwmpTaskDoneEvent(sn, "task-9", "GetParameterValues", json("{\"A.B\":\"1\"}"), null, Instant.now()));
            return new CwmpRpcReply("task-9", null, null);
        };
        assertThat(fx.ok("local r = send_cwmp_message('SN1', " + luaXml("<cwmp:GetParameterValues/>") + ", 0, true) print(r['A.B'])"))
                .containsExactly("1");
    }

    @Test
    void sendCwmpAsyncMessageQueuesForNextInform() {
        fx.acs = (sn, r) -> new CwmpRpcReply("task-42", null, null);
        assertThat(fx.ok("local t = send_cwmp_async_message('SN1', " + luaXml("<cwmp:SetParameterValues/>") + ", 1) print(t.task_id)"))
                .containsExactly("task-42");
        assertThat(fx.cwmpRequests.get(0).mode()).isEqualTo("next_inform");
        assertThat(fx.cwmpRequests.get(0).xml()).contains("SetParameterValues");
    }

    @Test
    void sendCwmpRpcSendsNameAndArgs() {
        fx.acs = (sn, r) -> new CwmpRpcReply("t", "GetRPCMethods".equals(r.rpc()) ? json("[\"Inform\",\"GetParameterValues\"]") : json("{}"), null);
        assertThat(fx.ok("local r = send_cwmp_rpc('SN1', 'Reboot', {command_key = 'k1'}) print(type(r))"
                + " local m = send_cwmp_rpc('SN1', 'GetRPCMethods', {}) print(m[1], m[2])"
                + " local q = send_cwmp_rpc('SN1', 'FactoryReset', nil, {mode = 'next_inform'}) print(q.task_id)"))
                .containsExactly("table", "Inform\tGetParameterValues", "t");
        assertThat(fx.cwmpRequests.get(0).rpc()).isEqualTo("Reboot");
        assertThat(fx.cwmpRequests.get(0).args().get("command_key").asText()).isEqualTo("k1");
        assertThat(fx.cwmpRequests.get(2).mode()).isEqualTo("next_inform");
    }

    // ---- send_usp_message ----

    @Test
    void sendUspMessageGetFlattensResults() {
        fx.controller = (sn, r) -> new UspMsgReply("""
                {"header":{"msgId":"1","msgType":"GET_RESP"},"body":{"response":{"getResp":{"reqPathResults":[
                 {"requestedPath":"Device.DeviceInfo.","resolvedPathResults":[{"resolvedPath":"Device.DeviceInfo.","resultParams":{"SoftwareVersion":"2.0","ModelName":"U1"}}]}]}}}}""", null);
        assertThat(fx.ok("""
                local r = send_usp_message('os::012345-ABC', '{"header":{"msg_id":"1","msg_type":"GET"},"body":{"request":{"get":{"param_paths":["Device.DeviceInfo."]}}}}')
                print(r['Device.DeviceInfo.SoftwareVersion'], r['Device.DeviceInfo.ModelName'])""")).containsExactly("2.0\tU1");
        assertThat(fx.uspRequests.get(0).msg()).contains("param_paths");
    }

    @Test
    void sendUspMessageSetAddDeleteOperateShapes() {
        fx.controller = (sn, r) -> {
            String m = r.msg();
            if (m.contains("\"set\"")) {
                return new UspMsgReply("{\"body\":{\"response\":{\"set_resp\":{\"updated_obj_results\":[{\"requested_path\":\"Device.WiFi.SSID.1.\",\"oper_status\":{\"oper_success\":{\"updated_inst_results\":[{\"affected_path\":\"Device.WiFi.SSID.1.\",\"updated_params\":{\"SSID\":\"new\"}}]}}}]}}}}", null);
            }
            if (m.contains("\"add\"")) {
                return new UspMsgReply("{\"body\":{\"response\":{\"addResp\":{\"createdObjResults\":[{\"requestedPath\":\"Device.X.\",\"operStatus\":{\"operSuccess\":{\"instantiatedPath\":\"Device.X.4.\",\"uniqueKeys\":{\"Alias\":\"cpe-4\"}}}}]}}}}", null);
            }
            if (m.contains("\"delete\"")) {
                return new UspMsgReply("{\"body\":{\"response\":{\"deleteResp\":{\"deletedObjResults\":[{\"requestedPath\":\"Device.X.4.\",\"operStatus\":{\"operSuccess\":{\"affectedPaths\":[\"Device.X.4.\"]}}}]}}}}", null);
            }
            return new UspMsgReply("{\"body\":{\"response\":{\"operateResp\":{\"operationResults\":[{\"executedCommand\":\"Device.Reboot()\",\"reqOutputArgs\":{\"outputArgs\":{\"Status\":\"OK\"}}}]}}}}", null);
        };
        assertThat(fx.ok("""
                local s = send_usp_message('u', '{"body":{"request":{"set":{"update_objs":[]}}}}') print(s['Device.WiFi.SSID.1.SSID'])
                local a = send_usp_message('u', '{"body":{"request":{"add":{}}}}') print(a[1].instantiated_path, a[1].unique_keys.Alias)
                local d = send_usp_message('u', '{"body":{"request":{"delete":{}}}}') print(d.affected_paths[1])
                local o = send_usp_message('u', '{"body":{"request":{"operate":{}}}}') print(o[1].executed_command, o[1].output_args.Status)
                """)).containsExactly("new", "Device.X.4.\tcpe-4", "Device.X.4.", "Device.Reboot()\tOK");
    }

    @Test
    void sendUspMessageErrorAndTimeout() {
        fx.controller = (sn, r) -> sn.equals("slow") ? new UspMsgReply(null, BusError.of("timeout", "no response"))
                : new UspMsgReply("{\"header\":{\"msgType\":\"ERROR\"},\"body\":{\"error\":{\"errCode\":7004,\"errMsg\":\"Invalid arguments\",\"paramErrs\":[{\"paramPath\":\"Device.A\",\"errCode\":7013,\"errMsg\":\"read only\"}]}}}", null);
        assertThat(fx.ok("""
                local e = send_usp_message('u', '{"body":{"request":{"set":{}}}}')
                print(e.error_code, e.error_message, e.param_errors[1].param_path, e.param_errors[1].err_code)
                local r, t = send_usp_message('slow', '{"body":{"request":{"get":{}}}}') print(r, t.error_code)
                local r2, bad = send_usp_message('u', 'not json') print(r2, bad.error_code)
                """)).containsExactly("7004\tInvalid arguments\tDevice.A\t7013", "nil\ttimeout", "nil\tinvalid");
    }

    // ---- devices and data ----

    @Test
    void getDeviceAndGetAllDevices() {
        assertThat(fx.ok("""
                local d = get_device('SN1') print(d.sn, d.vendor, d.model, d.version, d.product_class, d.status, d.cwmp, d.usp, d.data_model)
                print(get_device('nope'))
                local all = get_all_devices() print(#all)
                local usp = get_all_devices({protocol = 'usp'}) print(#usp, usp[1].sn)
                """)).containsExactly("SN1\tAcme\tR1\t1.0\tIGD\t2\ttrue\tfalse\tTR-181", "false", "2", "1\tos::012345-ABC");
    }

    @Test
    void setModelAliasAndDelete() {
        fx.store.devices().upsertCwmp("TMP1", "1", "PC", "V", "M", "1", "TR-098",
                new Device.CwmpInfo(2, null, null, null, 300, "1.0", null, Instant.now()));
        assertThat(fx.ok("""
                print(set_device_model('TMP1', 'M2'), set_device_alias('TMP1', 'kitchen'))
                local d = get_device('TMP1') print(d.model, d.alias)
                print(delete_device('TMP1'), get_device('TMP1'), delete_device('TMP1'))
                """)).containsExactly("true\ttrue", "M2\tkitchen", "true\tfalse\tfalse");
    }

    @Test
    void getParametersReadsTheStore() {
        assertThat(fx.ok("local p = get_parameters('SN1', 'Device.DeviceInfo.') local n = 0 for k, v in pairs(p) do n = n + 1 end"
                + " print(n, p['Device.DeviceInfo.SoftwareVersion'], p['Device.WiFi.SSID.1.SSID'])")).containsExactly("2\t1.0\tnil");
        assertThat(fx.cwmpRequests).isEmpty();
    }

    @Test
    void refreshDeviceParametersStoresTheTree() {
        fx.acs = (sn, r) -> new CwmpRpcReply("t", json("{\"Device.DeviceInfo.SoftwareVersion\":\"3.0\",\"Device.New.Param\":\"x\"}"), null);
        fx.store.devices().upsertCwmp("SNR", "1", "PC", "V", "M", "1", "TR-181",
                new Device.CwmpInfo(2, null, null, null, 300, "1.4", null, Instant.now()));
        assertThat(fx.ok("print(refresh_device_parameters('SNR')) local p = get_parameters('SNR', 'Device.') print(p['Device.DeviceInfo.SoftwareVersion'], p['Device.New.Param'])"))
                .containsExactly("true", "3.0\tx");
        assertThat(fx.cwmpRequests.get(0).rpc()).isEqualTo("GetParameterValues");
        assertThat(fx.cwmpRequests.get(0).args().get("names").get(0).asText()).isEqualTo("Device.");
        assertThat(fx.ok("local ok, e = refresh_device_parameters('missing') print(ok, e.error_code)"))
                .containsExactly("false\tnot_found");
    }

    @Test
    void createOrUpdateDeviceCredential() {
        assertThat(fx.ok("local r = create_or_update_device_credential('cpe1', 's3cret') print(r.ok, r.username, r.password, r.error_msg)"))
                .containsExactly("true\tcpe1\ts3cret\t");
        assertThat(fx.store.credentials().verifyPassword("cpe1", "s3cret")).isTrue();
    }

    // ---- utilities ----

    @Test
    void jsonEncodeDecode() {
        assertThat(fx.ok("""
                local s = json_encode({a = 1, b = {1, 2, 3}, c = 'x', d = true}) local v = json_decode(s)
                print(v.a, #v.b, v.b[3], v.c, v.d)
                local bad, err = json_decode('{nope') print(bad, err ~= nil)
                local f, e2 = json_encode(print) print(f, e2 ~= nil)
                print(json_encode({1.5, 'q"'}))
                """)).containsExactly("1\t3\t3\tx\ttrue", "nil\ttrue", "nil\ttrue", "[1.5,\"q\\\"\"]");
    }

    @Test
    void sleepNowUuidNextIdRandomString() {
        assertThat(fx.ok("""
                local t0 = now() sleep(0.2) local dt = now() - t0 print(dt >= 190 and dt < 2000)
                local u = uuid() print(#u, u:match('^%x+%-%x+%-%x+%-%x+%-%x+$') ~= nil)
                print(next_id('orders'), next_id('orders'), next_id('other'))
                local s = generate_random_string(12) print(#s, s:match('^%w+$') ~= nil)
                """)).containsExactly("true", "36\ttrue", "1\t2\t1", "12\ttrue");
    }

    @Test
    void printAndLogGoToTheRunLog() {
        Run r = fx.run("print('a', 1, nil, true) log('warn', 'careful', 2) log('error', 'bad') log('just text')");
        assertThat(r.outcome()).isEqualTo("ok");
        assertThat(EngineFixture.lines(r)).containsExactly("a\t1\tnil\ttrue", "careful\t2", "bad", "just text");
        assertThat(r.log().stream().map(Run.LogLine::level).toList()).containsExactly("info", "warn", "error", "info");
    }

    @Test
    void stringFormatIsCorrected() {
        assertThat(fx.ok("""
                print(string.format('%5.2f|%-5s|%s|%e|%g|%g', 3.14159, 'ab', true, 12345.678, 0.0001, 1e20))
                print(string.format('%05d|%x|%X|%o|%+d|%.3s|%q', 42, 255, 255, 8, 5, 'abcdef', 'a\\n"b'))
                print(string.format('%.2f %.0f %g %g', 2.675, 2.5, 100000, 1000000))
                """)).containsExactly(" 3.14|ab   |true|1.234568e+04|0.0001|1e+20",
                "00042|ff|FF|10|+5|abc|\"a\\\n\\\"b\"", "2.67 2 100000 1e+06");
    }

    @Test
    void patternFunctionsBehaveLikeLua() {
        assertThat(fx.ok("""
                print(string.find('hello world', 'o w'), string.find('hello', 'l+'))
                print(string.match('key=value', '(%w+)=(%w+)'))
                local t = {} for k, v in string.gmatch('a=1, b=2', '(%w+)=(%w+)') do t[#t+1] = k .. v end print(table.concat(t, ';'))
                print(string.gsub('hello world', 'o', '0'))
                print(string.gsub('abc', '%w', '%0%0'))
                print(string.gsub('$name is $age', '%$(%w+)', {name = 'Bob', age = 7}))
                print(string.gsub('x y', '%w', function(c) return c:upper() end))
                print(string.find('a.b', '.', 1, true), string.match('  trim  ', '^%s*(.-)%s*$'))
                print(string.match('THE (quick) fox', '%((%a+)%)'), string.find('f(a(b)c)', '%b()'))
                print(string.match('hello', '()ll()'))
                print(string.gsub('THE (quick) fox', '%f[%a]%a+', 'W'))
                """)).containsExactly("5\t3\t4", "key\tvalue", "a1;b2", "hell0 w0rld\t2", "aabbcc\t3",
                "Bob is 7\t2", "X Y\t2", "2\ttrim", "quick\t2\t8", "3\t5", "W (W) W\t3");
    }

    @Test
    void requireLoadsALibraryScript() {
        fx.save("mylib", "local M = {} function M.greet(n) return 'hi ' .. n end return M", false, null, null, List.of(),
                java.util.Map.of(), true);
        assertThat(fx.ok("local lib = require('mylib') print(lib.greet('bob'), require('mylib') == lib)"))
                .containsExactly("hi bob\ttrue");
        fx.save("mylib", "return { greet = function(n) return 'hello ' .. n end }", false, null, null, List.of(),
                java.util.Map.of(), true);
        assertThat(fx.ok("print(require('mylib').greet('bob'))")).containsExactly("hello bob");
    }

    @Test
    void argsAndGlobalsAreSet() {
        String name = EngineFixture.uniqueName();
        fx.save(name, "print(SITE, LIMITS.max, args.sn)", false, null, null, List.of(),
                java.util.Map.of("SITE", "lab", "LIMITS", "{\"max\": 3}"), false);
        String id = fx.engine.run(name, json("{\"sn\":\"SN1\"}"));
        Run r = fx.engine.awaitRun(id, java.time.Duration.ofSeconds(10)).orElseThrow();
        assertThat(EngineFixture.lines(r)).containsExactly("lab\t3\tSN1");
    }
}
