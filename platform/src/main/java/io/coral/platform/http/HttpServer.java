package io.coral.platform.http;

import java.util.concurrent.Executors;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** The Jetty server of the REST API and the console. Handlers run on virtual threads and may block. */
public final class HttpServer implements AutoCloseable {
    private final Server server;
    private final ServerConnector connector;

    public HttpServer(String host, int port, ApiHandler api, ConsoleHandler console) {
        QueuedThreadPool pool = new QueuedThreadPool(64, 4);
        pool.setName("coral-http");
        pool.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server = new Server(pool);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        // device ids may contain '/' (sent as %2F); the router decodes each segment itself
        http.setUriCompliance(UriCompliance.DEFAULT.with("coral",
                UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR, UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING));
        connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(console == null ? new Handler.Sequence(api) : new Handler.Sequence(api, console));
        server.setStopTimeout(2000);
    }

    public HttpServer start() throws Exception {
        server.start();
        return this;
    }

    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
