package io.coral.platform;

import io.coral.platform.config.ConfigException;
import io.coral.platform.config.ConfigLoader;
import io.coral.platform.config.CoralConfig;
import io.coral.platform.config.Setting;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar coral.jar}: every service in one JVM on embedded defaults, or any subset of roles
 * against NATS, MongoDB and an MQTT broker. Settings come from flags, then {@code CORAL_*} environment
 * variables, then the config file, then defaults. Exit status 2 for bad settings, 1 for other failures.
 */
@Command(name = "coral", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, sortOptions = false,
        description = "Coral device management: TR-069 ACS, TR-369 USP controller, Lua automations, REST API and console.",
        footer = {"", "Every option is also a config-file key (without --) and an environment variable CORAL_<KEY>,",
            "e.g. --http-port, http-port=8080, CORAL_HTTP_PORT. Flags win over the environment, which wins over the file.",
            "CORAL_ADMIN_TOKEN sets the first admin token (first start with an empty store only)."})
public final class Main implements Callable<Integer> {
    public static final int EXIT_CONFIG = 2;

    @Option(names = "--config", paramLabel = "FILE", description = "properties file (key=value; keys as the long options)")
    Path config;
    @Option(names = "--data-dir", paramLabel = "DIR", description = "embedded store and admin-token file (default ./data)")
    String dataDir;
    @Option(names = "--http-port", paramLabel = "PORT", description = "REST API and web console (default 8080)")
    String httpPort;
    @Option(names = "--http-host", paramLabel = "ADDR", description = "REST bind address (default 0.0.0.0)")
    String httpHost;
    @Option(names = "--acs-port", paramLabel = "PORT", description = "TR-069 ACS (default 7547)")
    String acsPort;
    @Option(names = "--acs-host", paramLabel = "ADDR", description = "ACS bind address (default 0.0.0.0)")
    String acsHost;
    @Option(names = "--acs-auth", paramLabel = "MODE", description = "CPE authentication: none (default), digest or basic")
    String acsAuth;
    @Option(names = "--acs-username", paramLabel = "USER", description = "one CPE username for all (else per-device credentials from the store)")
    String acsUsername;
    @Option(names = "--acs-password", paramLabel = "PASSWORD", description = "password of --acs-username (prefer CORAL_ACS_PASSWORD)")
    String acsPassword;
    @Option(names = "--acs-provision-cr", paramLabel = "BOOL", description = "give bootstrapping CPEs connection-request credentials (default true)")
    String acsProvisionCr;
    @Option(names = "--mqtt-port", paramLabel = "PORT", description = "embedded MQTT broker (default 1883)")
    String mqttPort;
    @Option(names = "--mqtt-host", paramLabel = "ADDR", description = "embedded MQTT broker bind address (default 0.0.0.0)")
    String mqttHost;
    @Option(names = "--mqtt-url", paramLabel = "URL", description = "external MQTT broker, tcp://host:1883 (no embedded broker then)")
    String mqttUrl;
    @Option(names = "--nats-url", paramLabel = "URL", description = "NATS with JetStream, nats://host:4222 (in-JVM bus when absent)")
    String natsUrl;
    @Option(names = "--mongo-uri", paramLabel = "URI", description = "MongoDB, mongodb://host:27017/coral (embedded store when absent)")
    String mongoUri;
    @Option(names = "--roles", paramLabel = "LIST", description = "acs,usp,scripts,api (default all)")
    String roles;
    @Option(names = "--usp-endpoint-id", paramLabel = "ID", description = "controller endpoint id (default proto::coral)")
    String uspEndpointId;
    @Option(names = "--usp-topic", paramLabel = "TOPIC", description = "controller MQTT topic (default usp/controller/coral)")
    String uspTopic;
    @Option(names = "--bus-prefix", paramLabel = "PREFIX", description = "prefix of bus subjects (default coral)")
    String busPrefix;
    @Option(names = "--instance-id", paramLabel = "ID", description = "stable id of this replica's ACS and script engine")
    String instanceId;

    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean waitForever;
    CoralPlatform platform;

    Main(Map<String, String> env, PrintStream out, PrintStream err, boolean waitForever) {
        this.env = env;
        this.out = out;
        this.err = err;
        this.waitForever = waitForever;
    }

    public static void main(String[] args) {
        int code = run(args, System.getenv(), System.out, System.err, true, null);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Runs the command line; returns the exit status. {@code started} (if not null) receives the running platform. */
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err, boolean waitForever,
            java.util.function.Consumer<CoralPlatform> started) {
        Main main = new Main(env, out, err, waitForever);
        CommandLine cl = new CommandLine(main);
        cl.setOut(new java.io.PrintWriter(out, true));
        cl.setErr(new java.io.PrintWriter(err, true));
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("coral: " + ex.getMessage() + " (see --help)");
            return EXIT_CONFIG;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            err.println("coral: cannot start: " + rootMessage(ex));
            return 1;
        });
        main.onStarted = started;
        return cl.execute(args);
    }

    private java.util.function.Consumer<CoralPlatform> onStarted;

    CoralConfig loadConfig() {
        ConfigLoader.Builder b = ConfigLoader.builder().env(env).configFile(config)
                .flag(Setting.DATA_DIR, dataDir)
                .flag(Setting.HTTP_PORT, httpPort)
                .flag(Setting.HTTP_HOST, httpHost)
                .flag(Setting.ACS_PORT, acsPort)
                .flag(Setting.ACS_HOST, acsHost)
                .flag(Setting.ACS_AUTH, acsAuth)
                .flag(Setting.ACS_USERNAME, acsUsername)
                .flag(Setting.ACS_PASSWORD, acsPassword)
                .flag(Setting.ACS_PROVISION_CR, acsProvisionCr)
                .flag(Setting.MQTT_PORT, mqttPort)
                .flag(Setting.MQTT_HOST, mqttHost)
                .flag(Setting.MQTT_URL, mqttUrl)
                .flag(Setting.NATS_URL, natsUrl)
                .flag(Setting.MONGO_URI, mongoUri)
                .flag(Setting.ROLES, roles)
                .flag(Setting.USP_ENDPOINT_ID, uspEndpointId)
                .flag(Setting.USP_TOPIC, uspTopic)
                .flag(Setting.BUS_PREFIX, busPrefix)
                .flag(Setting.INSTANCE_ID, instanceId);
        return b.load();
    }

    @Override
    public Integer call() throws Exception {
        CoralPlatform p;
        try {
            CoralConfig cfg = loadConfig();
            String token = env.get(AdminToken.ENV);
            AdminToken.checkGiven(token == null || token.isBlank() ? null : token);
            p = CoralPlatform.builder().config(cfg).adminToken(token == null || token.isBlank() ? null : token).build();
            p.start();
        } catch (ConfigException e) {
            err.println("coral: bad setting " + e.getMessage());
            return EXIT_CONFIG;
        }
        platform = p;
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            p.close();
            stopped.countDown();
        }, "coral-shutdown");
        if (waitForever) {
            Runtime.getRuntime().addShutdownHook(hook);
        }
        p.describe().forEach(out::println);
        p.createdAdminToken().ifPresent(t -> {
            out.println();
            out.println("Admin API token (shown once" + p.adminTokenFile().map(f -> "; also written to " + f).orElse("") + "):");
            out.println("  " + t);
            out.println("Console: " + p.endpoints().getOrDefault("api", "(api role not running)")
                    + (p.endpoints().containsKey("api") ? "?token=" + t : ""));
        });
        out.flush();
        if (onStarted != null) {
            onStarted.accept(p);
        }
        if (waitForever) {
            stopped.await();
        }
        return 0;
    }

    static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        String m = c.getMessage();
        return m == null ? c.getClass().getSimpleName() : m;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"Coral " + CoralPlatform.VERSION};
        }
    }
}
