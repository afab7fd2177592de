package io.coral.simulator;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import io.coral.simulator.cwmp.CwmpFleet;
import io.coral.simulator.model.DataModel;
import io.coral.simulator.stats.FleetStats;
import io.coral.simulator.usp.UspFleet;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code simulator cwmp …} and {@code simulator usp …}: many simulated devices with a live progress line and a summary. */
@Command(name = "simulator", mixinStandardHelpOptions = true, version = "Coral simulator 0.1",
        description = "Simulated TR-069 CPEs and TR-369 USP agents, many per process.",
        subcommands = {Main.Cwmp.class, Main.Usp.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit status (0 ok, 1 failures, 2 bad usage). */
    public static int run(String... args) {
        return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    // bad settings (unknown model file, MQTT version, URL) are usage errors, not crashes
                    cmd.getErr().println("simulator: " + e.getMessage());
                    return e instanceof IllegalArgumentException || e instanceof java.io.UncheckedIOException ? 2 : 1;
                })
                .execute(args);
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    /** Options both kinds of fleet have. */
    abstract static class Common implements Callable<Integer> {
        @Option(names = "--count", description = "Number of devices (default ${DEFAULT-VALUE}).", defaultValue = "1")
        int count;
        @Option(names = "--prefix", description = "Serial number prefix: <prefix><6-digit index> (default ${DEFAULT-VALUE}).",
                defaultValue = "SIM")
        String prefix;
        @Option(names = "--serial", description = "Exactly this serial number (one device).")
        String serial;
        @Option(names = "--start-index", description = "Index of the first device (default ${DEFAULT-VALUE}).",
                defaultValue = "1")
        int startIndex;
        @Option(names = "--oui", description = "Manufacturer OUI (default ${DEFAULT-VALUE}).", defaultValue = "00256D")
        String oui;
        @Option(names = "--product-class", defaultValue = "CoralGate", description = "Product class (default ${DEFAULT-VALUE}).")
        String productClass;
        @Option(names = "--ramp", description = "Devices started per second, e.g. 200/s (default: all at once).")
        String ramp;
        @Option(names = "--duration", description = "Run this long, then stop and summarise (30s, 5m, 1h; default: until Ctrl-C).")
        String duration;
        @Option(names = {"-q", "--quiet"}, description = "No progress line.")
        boolean quiet;
        @Option(names = {"-v", "--verbose"}, description = "Log what devices do (debug).")
        boolean verbose;

        int rampPerSecond() {
            if (ramp == null || ramp.isBlank()) {
                return 0;
            }
            String r = ramp.strip().toLowerCase(Locale.ROOT);
            if (r.endsWith("/s")) {
                r = r.substring(0, r.length() - 2);
            }
            int v = Integer.parseInt(r.strip());
            if (v < 0) {
                throw new CommandLine.ParameterException(new CommandLine(this), "--ramp must be positive");
            }
            return v;
        }

        void logging() {
            if (verbose && LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx) {
                ctx.getLogger("io.coral.simulator").setLevel(Level.DEBUG);
            }
        }

        /** Shows progress until the duration is over or the JVM is asked to stop; returns the exit status. */
        /** @param worked whether the run did anything at all (CWMP: a session; USP: every agent connected) */
        int watch(FleetStats stats, int total, AutoCloseable fleet,
                  java.util.function.Predicate<FleetStats.Snapshot> worked) throws Exception {
            Duration d = duration == null ? null : parseDuration(duration);
            CountDownLatch stop = new CountDownLatch(1);
            Thread hook = new Thread(stop::countDown, "simulator-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            long end = d == null ? Long.MAX_VALUE : System.nanoTime() + d.toNanos();
            PrintStream out = System.out;
            FleetStats.Snapshot last = stats.snapshot();
            while (System.nanoTime() < end) {
                long wait = Math.min(1000, Math.max(1, (end - System.nanoTime()) / 1_000_000));
                if (stop.await(wait, TimeUnit.MILLISECONDS)) {
                    break;
                }
                FleetStats.Snapshot now = stats.snapshot();
                if (!quiet) {
                    out.print("\r" + Progress.line(now, last, total));
                    out.flush();
                }
                last = now;
            }
            if (!quiet) {
                out.println();
            }
            fleet.close();
            FleetStats.Snapshot fin = stats.snapshot();
            out.println(Progress.summary(fin, total));
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down
            }
            return fin.errorCount() > 0 || !worked.test(fin) ? 1 : 0;
        }
    }

    static Duration parseDuration(String s) {
        String v = s.strip().toLowerCase(Locale.ROOT);
        try {
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            char unit = v.charAt(v.length() - 1);
            if (Character.isDigit(unit)) {
                return Duration.ofSeconds(Long.parseLong(v));
            }
            long n = Long.parseLong(v.substring(0, v.length() - 1));
            return switch (unit) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> throw new IllegalArgumentException("unknown unit '" + unit + "'");
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a duration: " + s + " (use 30s, 5m, 1h)", e);
        }
    }

    @Command(name = "cwmp", mixinStandardHelpOptions = true, description = "Simulated TR-069 CPEs against an ACS.")
    static final class Cwmp extends Common {
        @Option(names = "--acs-url", required = true, description = "ACS URL, e.g. http://127.0.0.1:7547/")
        String acsUrl;
        @Option(names = "--model", defaultValue = "tr098", description = "tr098, tr181 or a data-model file (default ${DEFAULT-VALUE}).")
        String model;
        @Option(names = "--interval", defaultValue = "300", description = "Periodic inform interval in seconds (default ${DEFAULT-VALUE}).")
        long interval;
        @Option(names = "--acs-username", description = "Username towards the ACS (may use $${serial}).")
        String acsUsername;
        @Option(names = "--acs-password", description = "Password towards the ACS (may use $${serial}).")
        String acsPassword;
        @Option(names = "--cr-host", defaultValue = "127.0.0.1", description = "Host in ConnectionRequestURL (default ${DEFAULT-VALUE}).")
        String crHost;
        @Option(names = "--cr-bind", description = "Address the connection-request listener binds (default: --cr-host).")
        String crBind;
        @Option(names = "--cr-port", defaultValue = "0", description = "Connection-request listener port (0: any free one).")
        int crPort;
        @Option(names = "--max-sessions", defaultValue = "128",
                description = "Sessions open at once at most; the rest wait (default ${DEFAULT-VALUE}).")
        int maxSessions;
        @Option(names = "--cr-username", description = "Connection-request username (default: the serial number).")
        String crUsername;
        @Option(names = "--cr-password", description = "Connection-request password (default: coral).")
        String crPassword;

        @Override
        public Integer call() throws Exception {
            logging();
            CwmpFleet.Builder b = CwmpFleet.builder().acsUrl(acsUrl).count(count).prefix(prefix).startIndex(startIndex)
                    .oui(oui).productClass(productClass).model(DataModel.load(model)).periodicInterval(interval)
                    .rampPerSecond(rampPerSecond()).acsCredentials(acsUsername, acsPassword)
                    .connectionRequestHost(crHost).connectionRequestPort(crPort).maxConcurrentSessions(maxSessions);
            if (crUsername != null || crPassword != null) {
                b.connectionRequestCredentials(crUsername == null ? "${serial}" : crUsername,
                        crPassword == null ? "coral" : crPassword);
            }
            if (crBind != null) {
                b.connectionRequestBindHost(crBind);
            }
            if (serial != null) {
                b.serial(serial);
            }
            CwmpFleet fleet = b.build();
            if (!quiet) {
                System.out.printf("%d CPE(s) -> %s, connection requests on port %d%n", count, acsUrl,
                        fleet.connectionRequestPort());
            }
            Thread starter = Thread.ofVirtual().start(() -> {
                try {
                    fleet.start();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            int status = watch(fleet.stats(), count, fleet, s -> s.sessions() > 0);
            starter.interrupt();
            return status;
        }
    }

    @Command(name = "usp", mixinStandardHelpOptions = true, description = "Simulated TR-369 USP agents on an MQTT broker.")
    static final class Usp extends Common {
        @Option(names = "--broker", required = true, description = "MQTT broker, e.g. tcp://127.0.0.1:1883")
        String broker;
        @Option(names = "--controller-id", defaultValue = "proto::coral", description = "Controller endpoint id (default ${DEFAULT-VALUE}).")
        String controllerId;
        @Option(names = "--controller-topic", defaultValue = "usp/controller/coral", description = "Controller topic (default ${DEFAULT-VALUE}).")
        String controllerTopic;
        @Option(names = "--agent-topic-prefix", defaultValue = "usp/agent/", description = "Agents receive on <prefix><endpoint id> (default ${DEFAULT-VALUE}).")
        String agentTopicPrefix;
        @Option(names = "--mqtt-version", defaultValue = "5", description = "5 or 3.1.1 (default ${DEFAULT-VALUE}).")
        String mqttVersion;
        @Option(names = "--model", defaultValue = "tr181", description = "tr181 or a data-model file (default ${DEFAULT-VALUE}).")
        String model;
        @Option(names = "--username", description = "MQTT username.")
        String username;
        @Option(names = "--password", description = "MQTT password.")
        String password;

        @Override
        public Integer call() throws Exception {
            logging();
            UspFleet.Builder b = UspFleet.builder().brokerUrl(broker).count(count).prefix(prefix).startIndex(startIndex)
                    .oui(oui).productClass(productClass).controllerId(controllerId).controllerTopic(controllerTopic)
                    .agentTopicPrefix(agentTopicPrefix).mqttVersion(mqttVersion).model(DataModel.load(model))
                    .rampPerSecond(rampPerSecond());
            if (username != null) {
                b.credentials(username, password);
            }
            if (serial != null) {
                b.serial(serial);
            }
            UspFleet fleet = b.build();
            if (!quiet) {
                System.out.printf("%d agent(s) -> %s (MQTT %s), controller %s on %s%n", count, broker, mqttVersion,
                        controllerId, controllerTopic);
            }
            Thread starter = Thread.ofVirtual().start(() -> {
                try {
                    fleet.start();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            int status = watch(fleet.stats(), count, fleet, s -> s.started() == count);
            starter.interrupt();
            return status;
        }
    }
}
