package io.coral.acs.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coral.bus.command.BusError;
import io.coral.cwmp.AddObjectResponse;
import io.coral.cwmp.CwmpFault;
import io.coral.cwmp.CwmpMessage;
import io.coral.cwmp.DeleteObjectResponse;
import io.coral.cwmp.DownloadResponse;
import io.coral.cwmp.GetAllQueuedTransfersResponse;
import io.coral.cwmp.GetParameterAttributesResponse;
import io.coral.cwmp.GetParameterNamesResponse;
import io.coral.cwmp.GetParameterValuesResponse;
import io.coral.cwmp.GetRPCMethodsResponse;
import io.coral.cwmp.ParameterAttribute;
import io.coral.cwmp.ParameterFault;
import io.coral.cwmp.ParameterInfo;
import io.coral.cwmp.ParameterValue;
import io.coral.cwmp.QueuedTransfer;
import io.coral.cwmp.ScheduleDownloadResponse;
import io.coral.cwmp.SetParameterValuesResponse;
import io.coral.cwmp.UploadResponse;

/** CPE answers to the result shapes of the bus (the same shapes as the Lua functions), faults to {@link BusError}. */
public final class RpcResults {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private RpcResults() {}

    public static JsonNode result(CwmpMessage answer) {
        return switch (answer) {
            case GetParameterValuesResponse r -> {
                ObjectNode o = F.objectNode();
                for (ParameterValue p : r.parameterList()) {
                    o.put(p.name(), p.value());
                }
                yield o;
            }
            case SetParameterValuesResponse r -> F.objectNode().put("status", r.status());
            case AddObjectResponse r -> F.objectNode().put("instance_number", r.instanceNumber()).put("status", r.status());
            case DeleteObjectResponse r -> F.objectNode().put("status", r.status());
            case GetParameterNamesResponse r -> {
                ArrayNode a = F.arrayNode();
                for (ParameterInfo p : r.parameterList()) {
                    a.addObject().put("name", p.name()).put("writable", p.writable());
                }
                yield a;
            }
            case GetParameterAttributesResponse r -> {
                ArrayNode a = F.arrayNode();
                for (ParameterAttribute p : r.parameterList()) {
                    ObjectNode o = a.addObject().put("name", p.name()).put("notification", p.notification());
                    ArrayNode al = o.putArray("access_list");
                    p.accessList().forEach(al::add);
                }
                yield a;
            }
            case GetRPCMethodsResponse r -> {
                ArrayNode a = F.arrayNode();
                r.methodList().forEach(a::add);
                yield a;
            }
            case DownloadResponse r -> transfer(r.status(), r.startTime(), r.completeTime());
            case UploadResponse r -> transfer(r.status(), r.startTime(), r.completeTime());
            // ScheduleDownload always completes later, with a TransferComplete.
            case ScheduleDownloadResponse r -> transfer(1, "", "");
            case GetAllQueuedTransfersResponse r -> {
                ArrayNode a = F.arrayNode();
                for (QueuedTransfer t : r.transferList()) {
                    a.addObject().put("command_key", t.commandKey()).put("state", t.state())
                            .put("is_download", t.isDownload()).put("file_type", t.fileType())
                            .put("file_size", t.fileSize()).put("target_file_name", t.targetFileName());
                }
                yield a;
            }
            default -> F.objectNode();
        };
    }

    private static ObjectNode transfer(int status, String start, String complete) {
        return F.objectNode().put("status", status).put("start_time", start).put("complete_time", complete);
    }

    /** A CPE fault: code = the fault code as a string, the whole fault in {@code detail}. */
    public static BusError error(CwmpFault fault, String rawResponse) {
        ObjectNode detail = F.objectNode();
        detail.put("error_code", fault.faultCode());
        detail.put("error_message", fault.faultString());
        if (rawResponse != null) {
            detail.put("raw_response", rawResponse);
        }
        ArrayNode pf = detail.putArray("parameter_faults");
        for (ParameterFault f : fault.parameterFaults()) {
            pf.addObject().put("parameter_name", f.parameterName()).put("fault_code", f.faultCode())
                    .put("fault_string", f.faultString());
        }
        return new BusError(Integer.toString(fault.faultCode()), fault.faultString(), detail);
    }
}
