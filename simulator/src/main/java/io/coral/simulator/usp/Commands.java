package io.coral.simulator.usp;

import io.coral.simulator.model.DataModel;
import io.coral.simulator.model.DeviceModel;
import io.coral.simulator.model.ModelException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the simulated commands do, their arguments and their results. */
final class Commands {
    private Commands() {
    }

    /** Result of running a command; {@code failure} non-null means it failed. */
    record Outcome(Map<String, String> output, String failure, String rebootCause, String cancelRequest) {
        static Outcome ok(Map<String, String> output) {
            return new Outcome(output, null, null, null);
        }

        static Outcome failed(String why) {
            return new Outcome(Map.of(), why, null, null);
        }
    }

    static List<String> inputArgs(String schemaPath) {
        return switch (name(schemaPath)) {
            case "IPPing()" -> List.of("Host", "NumberOfRepetitions", "Timeout");
            case "Download()" -> List.of("URL", "AutoActivate", "Username", "Password", "FileSize", "CheckSumAlgorithm",
                    "CheckSum");
            default -> List.of();
        };
    }

    static List<String> outputArgs(String schemaPath) {
        return switch (name(schemaPath)) {
            case "IPPing()" -> List.of("Status", "IPAddressUsed", "SuccessCount", "FailureCount", "AverageResponseTime",
                    "MinimumResponseTime", "MaximumResponseTime");
            case "SelfTestDiagnostics()" -> List.of("Status", "Results");
            default -> List.of();
        };
    }

    private static String name(String path) {
        int dot = path.lastIndexOf('.', path.length() - 3);
        return path.substring(dot + 1);
    }

    /** A problem with the input arguments (answered with 7027), or null. */
    static String checkArgs(String command, Map<String, String> args) {
        List<String> known = inputArgs(DataModel.schemaPath(command));
        for (String k : args.keySet()) {
            if (!known.contains(k)) {
                return "unknown input argument: " + k;
            }
        }
        return switch (name(command)) {
            case "IPPing()" -> args.getOrDefault("Host", "").isEmpty() ? "Host is required" : null;
            case "Download()" -> args.getOrDefault("URL", "").isEmpty() ? "URL is required" : null;
            default -> null;
        };
    }

    static Outcome runSync(DeviceModel device, String command, Map<String, String> args) {
        return switch (name(command)) {
            case "Reboot()" -> new Outcome(Map.of(), null, "RemoteReboot", null);
            case "FactoryReset()" -> {
                device.factoryReset();
                yield new Outcome(Map.of(), null, "RemoteFactoryReset", null);
            }
            case "Activate()" -> {
                String image = command.substring(0, command.length() - "Activate()".length());
                try {
                    device.setLocal(image + "Status", "Active");
                    device.setLocal(device.model().root() + "DeviceInfo.SoftwareVersion", device.get(image + "Version"));
                } catch (ModelException e) {
                    yield Outcome.failed(e.getMessage());
                }
                yield new Outcome(Map.of(), null, "FirmwareUpdate", null);
            }
            case "Cancel()" -> new Outcome(Map.of(), null, null, command.substring(0, command.length() - ".Cancel()".length()));
            default -> Outcome.ok(Map.of());
        };
    }

    static Outcome runAsync(DeviceModel device, String command, Map<String, String> args) {
        return switch (name(command)) {
            case "IPPing()" -> {
                if (args.getOrDefault("Host", "").equals("unreachable.invalid")) {
                    yield Outcome.failed("Error_CannotResolveHostName");
                }
                Map<String, String> out = new LinkedHashMap<>();
                out.put("Status", "Complete");
                out.put("IPAddressUsed", device.getOr("Device.IP.Interface.1.IPv4Address.1.IPAddress", ""));
                out.put("SuccessCount", args.getOrDefault("NumberOfRepetitions", "3"));
                out.put("FailureCount", "0");
                out.put("AverageResponseTime", "1");
                out.put("MinimumResponseTime", "1");
                out.put("MaximumResponseTime", "2");
                yield Outcome.ok(out);
            }
            case "SelfTestDiagnostics()" -> Outcome.ok(Map.of("Status", "Complete", "Results", "all tests passed"));
            case "Download()" -> {
                String image = command.substring(0, command.length() - "Download()".length());
                String url = args.get("URL");
                try {
                    device.setLocal(image + "Name", url.substring(url.lastIndexOf('/') + 1));
                    device.setLocal(image + "Version", "2.0.0");
                    device.setLocal(image + "Status", "Available");
                } catch (ModelException e) {
                    yield Outcome.failed(e.getMessage());
                }
                yield Outcome.ok(Map.of());
            }
            default -> Outcome.ok(Map.of());
        };
    }
}
