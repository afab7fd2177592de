package io.coral.acs.task;

import com.fasterxml.jackson.databind.JsonNode;
import io.coral.cwmp.AcsRequest;
import io.coral.cwmp.AddObject;
import io.coral.cwmp.CancelTransfer;
import io.coral.cwmp.ChangeDUState;
import io.coral.cwmp.DeleteObject;
import io.coral.cwmp.Download;
import io.coral.cwmp.DuOperation;
import io.coral.cwmp.FactoryReset;
import io.coral.cwmp.GetAllQueuedTransfers;
import io.coral.cwmp.GetParameterAttributes;
import io.coral.cwmp.GetParameterNames;
import io.coral.cwmp.GetParameterValues;
import io.coral.cwmp.GetRPCMethods;
import io.coral.cwmp.ParameterValue;
import io.coral.cwmp.Reboot;
import io.coral.cwmp.ScheduleDownload;
import io.coral.cwmp.ScheduleInform;
import io.coral.cwmp.SetParameterAttributes;
import io.coral.cwmp.SetParameterAttributesStruct;
import io.coral.cwmp.SetParameterValues;
import io.coral.cwmp.TimeWindow;
import io.coral.cwmp.Upload;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Bus arguments (snake_case JSON, see docs/design/acs-cwmp.md) to the ACS request records. A bad argument is an
 * {@link IllegalArgumentException} with a message for the caller.
 */
public final class RpcArgs {

    public static final Set<String> RPCS = Set.of("GetRPCMethods", "GetParameterValues", "SetParameterValues",
            "GetParameterNames", "GetParameterAttributes", "SetParameterAttributes", "AddObject", "DeleteObject",
            "Reboot", "FactoryReset", "Download", "Upload", "ScheduleInform", "ScheduleDownload", "CancelTransfer",
            "ChangeDUState", "GetAllQueuedTransfers");

    private RpcArgs() {}

    /**
     * @param typeOf the stored xsd type of a parameter (or null) for SetParameterValues given as a plain map
     */
    public static AcsRequest toRequest(String rpc, JsonNode args, Function<String, String> typeOf) {
        JsonNode a = args == null || args.isNull() ? com.fasterxml.jackson.databind.node.NullNode.getInstance() : args;
        if (!a.isNull() && !a.isObject()) {
            throw new IllegalArgumentException("args must be a JSON object");
        }
        if (rpc == null) {
            throw new IllegalArgumentException("no rpc given");
        }
        return switch (rpc) {
            case "GetRPCMethods" -> new GetRPCMethods();
            case "GetParameterValues" -> new GetParameterValues(names(a, "names", "parameter_names"));
            case "SetParameterValues" -> new SetParameterValues(values(a, typeOf), text(a, "parameter_key", ""));
            case "GetParameterNames" -> new GetParameterNames(text(a, "path", text(a, "parameter_path", "")),
                    bool(a, "next_level", false));
            case "GetParameterAttributes" -> new GetParameterAttributes(names(a, "names", "parameter_names"));
            case "SetParameterAttributes" -> new SetParameterAttributes(attributes(a));
            case "AddObject" -> new AddObject(object(a), text(a, "parameter_key", ""));
            case "DeleteObject" -> new DeleteObject(object(a), text(a, "parameter_key", ""));
            case "Reboot" -> new Reboot(text(a, "command_key", ""));
            case "FactoryReset" -> new FactoryReset();
            case "Download" -> new Download(text(a, "command_key", ""), required(a, "file_type"),
                    required(a, "url"), text(a, "username", ""), text(a, "password", ""), number(a, "file_size", 0),
                    text(a, "target_file_name", ""), (int) number(a, "delay_seconds", 0),
                    text(a, "success_url", ""), text(a, "failure_url", ""));
            case "Upload" -> new Upload(text(a, "command_key", ""), required(a, "file_type"), required(a, "url"),
                    text(a, "username", ""), text(a, "password", ""), (int) number(a, "delay_seconds", 0));
            case "ScheduleInform" -> new ScheduleInform(number(a, "delay_seconds", 0), text(a, "command_key", ""));
            case "ScheduleDownload" -> new ScheduleDownload(text(a, "command_key", ""), required(a, "file_type"),
                    required(a, "url"), text(a, "username", ""), text(a, "password", ""), number(a, "file_size", 0),
                    text(a, "target_file_name", ""), windows(a));
            case "CancelTransfer" -> new CancelTransfer(text(a, "command_key", ""));
            case "ChangeDUState" -> new ChangeDUState(operations(a), text(a, "command_key", ""));
            case "GetAllQueuedTransfers" -> new GetAllQueuedTransfers();
            default -> throw new IllegalArgumentException("unknown rpc " + rpc + "; known: " + String.join(", ",
                    new java.util.TreeSet<>(RPCS)));
        };
    }

    /** The CommandKey of transfer-like requests (matched later by TransferComplete), or null. */
    public static String commandKey(AcsRequest r) {
        return switch (r) {
            case Download d -> d.commandKey();
            case Upload u -> u.commandKey();
            case ScheduleDownload s -> s.commandKey();
            case ChangeDUState c -> c.commandKey();
            case Reboot b -> b.commandKey();
            case ScheduleInform s -> s.commandKey();
            default -> null;
        };
    }

    private static List<String> names(JsonNode a, String key, String alt) {
        JsonNode n = a.has(key) ? a.get(key) : a.get(alt);
        if (n == null || n.isNull()) {
            throw new IllegalArgumentException("missing '" + key + "' (a list of parameter names)");
        }
        List<String> out = new ArrayList<>();
        if (n.isTextual()) {
            out.add(n.asText());
        } else if (n.isArray()) {
            for (JsonNode e : n) {
                if (!e.isTextual()) {
                    throw new IllegalArgumentException("'" + key + "' must hold strings");
                }
                out.add(e.asText());
            }
        } else {
            throw new IllegalArgumentException("'" + key + "' must be a list of strings");
        }
        return out;
    }

    private static List<ParameterValue> values(JsonNode a, Function<String, String> typeOf) {
        JsonNode v = a.has("values") ? a.get("values") : a.get("parameter_list");
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("missing 'values' ({\"path\": \"value\"} or [{name, value, type}])");
        }
        List<ParameterValue> out = new ArrayList<>();
        if (v.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.add(new ParameterValue(e.getKey(), scalar(e.getValue(), e.getKey()),
                        inferType(e.getValue(), typeOf.apply(e.getKey()))));
            }
        } else if (v.isArray()) {
            for (JsonNode e : v) {
                if (e.isArray() && e.size() >= 2) {
                    // [name, value, type?] as the Lua API writes them
                    String name = e.get(0).asText();
                    String type = e.size() > 2 && !e.get(2).isNull() ? e.get(2).asText()
                            : inferType(e.get(1), typeOf.apply(name));
                    out.add(new ParameterValue(name, scalar(e.get(1), name), type));
                } else if (e.isObject() && e.hasNonNull("name")) {
                    String name = e.get("name").asText();
                    JsonNode val = e.get("value");
                    String type = e.hasNonNull("type") ? e.get("type").asText() : inferType(val, typeOf.apply(name));
                    out.add(new ParameterValue(name, scalar(val, name), type));
                } else {
                    throw new IllegalArgumentException("each value must be {name, value, type} or [name, value, type]");
                }
            }
        } else {
            throw new IllegalArgumentException("'values' must be an object or a list");
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("'values' is empty");
        }
        return out;
    }

    private static String scalar(JsonNode v, String name) {
        if (v == null || v.isNull()) {
            return "";
        }
        if (v.isContainerNode()) {
            throw new IllegalArgumentException("value of " + name + " must be a string, number or boolean");
        }
        return v.asText();
    }

    private static String inferType(JsonNode v, String stored) {
        if (stored != null && !stored.isBlank()) {
            return stored;
        }
        if (v != null && v.isBoolean()) {
            return "xsd:boolean";
        }
        if (v != null && v.isIntegralNumber()) {
            return v.asLong() >= 0 ? "xsd:unsignedInt" : "xsd:int";
        }
        return ParameterValue.STRING;
    }

    private static List<SetParameterAttributesStruct> attributes(JsonNode a) {
        JsonNode list = a.has("attributes") ? a.get("attributes") : a.get("parameters");
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw new IllegalArgumentException("missing 'attributes': [{name, notification, access_list}]");
        }
        List<SetParameterAttributesStruct> out = new ArrayList<>();
        for (JsonNode e : list) {
            if (!e.hasNonNull("name")) {
                throw new IllegalArgumentException("each attribute needs a 'name'");
            }
            boolean hasNotification = e.hasNonNull("notification");
            boolean hasAccess = e.hasNonNull("access_list");
            List<String> access = new ArrayList<>();
            if (hasAccess) {
                for (JsonNode x : e.get("access_list")) {
                    access.add(x.asText());
                }
            }
            int notification = hasNotification ? e.get("notification").asInt() : 0;
            if (notification < 0 || notification > 6) {
                throw new IllegalArgumentException("notification must be 0..6");
            }
            out.add(new SetParameterAttributesStruct(e.get("name").asText(),
                    bool(e, "notification_change", hasNotification), notification,
                    bool(e, "access_list_change", hasAccess), access));
        }
        return out;
    }

    private static List<TimeWindow> windows(JsonNode a) {
        JsonNode list = a.get("time_windows");
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw new IllegalArgumentException("missing 'time_windows': [{window_start, window_end, window_mode}]");
        }
        List<TimeWindow> out = new ArrayList<>();
        for (JsonNode w : list) {
            out.add(new TimeWindow(number(w, "window_start", 0), number(w, "window_end", 0),
                    text(w, "window_mode", "1 At Any Time"), text(w, "user_message", ""),
                    (int) number(w, "max_retries", 0)));
        }
        return out;
    }

    private static List<DuOperation> operations(JsonNode a) {
        JsonNode list = a.get("operations");
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw new IllegalArgumentException("missing 'operations': [{op: install|update|uninstall, ...}]");
        }
        List<DuOperation> out = new ArrayList<>();
        for (JsonNode o : list) {
            String op = text(o, "op", "");
            out.add(switch (op.toLowerCase(java.util.Locale.ROOT)) {
                case "install" -> new DuOperation.Install(required(o, "url"), text(o, "uuid", ""),
                        text(o, "username", ""), text(o, "password", ""), text(o, "execution_env_ref", ""));
                case "update" -> new DuOperation.Update(text(o, "uuid", ""), text(o, "version", ""),
                        text(o, "url", ""), text(o, "username", ""), text(o, "password", ""));
                case "uninstall" -> new DuOperation.Uninstall(text(o, "uuid", ""), text(o, "version", ""),
                        text(o, "execution_env_ref", ""));
                default -> throw new IllegalArgumentException("operation 'op' must be install, update or uninstall");
            });
        }
        return out;
    }

    private static String object(JsonNode a) {
        String name = required(a, "object_name");
        if (!name.endsWith(".")) {
            throw new IllegalArgumentException("object_name must end with '.'");
        }
        return name;
    }

    private static String required(JsonNode a, String key) {
        JsonNode n = a.get(key);
        if (n == null || n.isNull() || n.asText().isEmpty()) {
            throw new IllegalArgumentException("missing '" + key + "'");
        }
        return n.asText();
    }

    private static String text(JsonNode a, String key, String dflt) {
        JsonNode n = a.get(key);
        return n == null || n.isNull() ? dflt : n.asText();
    }

    private static boolean bool(JsonNode a, String key, boolean dflt) {
        JsonNode n = a.get(key);
        if (n == null || n.isNull()) {
            return dflt;
        }
        if (n.isBoolean()) {
            return n.asBoolean();
        }
        String s = n.asText();
        return s.equals("1") || s.equalsIgnoreCase("true");
    }

    private static long number(JsonNode a, String key, long dflt) {
        JsonNode n = a.get(key);
        if (n == null || n.isNull()) {
            return dflt;
        }
        if (n.isNumber()) {
            return n.asLong();
        }
        try {
            return Long.parseLong(n.asText().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + key + "' must be a number");
        }
    }
}
