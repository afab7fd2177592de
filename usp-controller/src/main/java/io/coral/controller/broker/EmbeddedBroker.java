package io.coral.controller.broker;

import io.moquette.BrokerConstants;
import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-process MQTT broker (Moquette 0.17) for the one-process default. Moquette 0.17 speaks
 * MQTT 3.1.1 only: controller and agents use 3.1.1 against it. Anonymous, in memory, loopback by
 * default; port 0 binds an ephemeral port, read back with {@link #port()}.
 */
public final class EmbeddedBroker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedBroker.class);

    private final Server server;
    private final int port;
    private final String host;

    private EmbeddedBroker(Builder b) {
        // Moquette 0.17 does not report the port Netty bound for 0: pick a free one and hand it over.
        int wanted = b.port == 0 ? freePort(b.host) : b.port;
        Properties p = new Properties();
        p.setProperty(BrokerConstants.HOST_PROPERTY_NAME, b.host);
        p.setProperty(BrokerConstants.PORT_PROPERTY_NAME, Integer.toString(wanted));
        p.setProperty(BrokerConstants.WEB_SOCKET_PORT_PROPERTY_NAME, BrokerConstants.DISABLED_PORT_BIND);
        p.setProperty(BrokerConstants.ALLOW_ANONYMOUS_PROPERTY_NAME, "true");
        p.setProperty(BrokerConstants.PERSISTENCE_ENABLED_PROPERTY_NAME, "false");
        p.setProperty(BrokerConstants.ENABLE_TELEMETRY_NAME, "false");
        p.setProperty(BrokerConstants.NETTY_TCP_NODELAY_PROPERTY_NAME, "true");
        p.setProperty(BrokerConstants.IMMEDIATE_BUFFER_FLUSH_PROPERTY_NAME, "true");
        p.setProperty(BrokerConstants.NETTY_MAX_BYTES_PROPERTY_NAME, Integer.toString(b.maxMessageBytes));
        this.server = new Server();
        try {
            server.startServer(new MemoryConfig(p), List.of());
        } catch (IOException e) {
            throw new UncheckedIOException("embedded MQTT broker could not start on " + b.host + ":" + b.port, e);
        }
        this.port = wanted;
        this.host = b.host;
        log.info("embedded MQTT broker (Moquette, MQTT 3.1.1) listening on {}:{}", host, port);
    }

    private static int freePort(String host) {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + host, e);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The bound port (the real one when 0 was asked). */
    public int port() {
        return port;
    }

    /** {@code tcp://host:port} for clients. */
    public String url() {
        String h = host.equals("0.0.0.0") ? "127.0.0.1" : host;
        return "tcp://" + h + ":" + port;
    }

    @Override
    public void close() {
        server.stopServer();
    }

    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 1883;
        private int maxMessageBytes = 1 << 20;

        /** Interface to bind; loopback by default. */
        public Builder host(String host) { this.host = host; return this; }
        /** 0 = ephemeral. */
        public Builder port(int port) { this.port = port; return this; }
        public Builder maxMessageBytes(int n) { this.maxMessageBytes = n; return this; }

        public EmbeddedBroker start() {
            return new EmbeddedBroker(this);
        }
    }
}
