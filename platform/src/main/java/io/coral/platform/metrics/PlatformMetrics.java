package io.coral.platform.metrics;

import io.coral.store.DeviceQuery;
import io.coral.store.Store;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The platform's Prometheus meters. Domain counters are fed from bus events ({@link EventMeter}) and
 * from the API's own bus requests; names follow Prometheus conventions under {@code coral_}.
 */
public final class PlatformMetrics {
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    public PlatformMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** Device counts per overall status, read from the store at scrape time. */
    public void bindDevices(Store store) {
        for (int status = 0; status <= 2; status++) {
            int st = status;
            Gauge.builder("coral.devices", store, s -> s.devices().query(new DeviceQuery(st, null, null, null, null, "sn", 0, 1)).total())
                    .description("devices by overall status")
                    .tag("status", statusName(st))
                    .register(registry);
        }
    }

    public MeterRegistry registry() {
        return registry;
    }

    public String scrape() {
        return registry.scrape();
    }

    public void cwmpInform() {
        registry.counter("coral.cwmp.informs").increment();
        // every CWMP session opens with exactly one Inform
        registry.counter("coral.cwmp.sessions").increment();
    }

    public void cwmpTransfer() {
        registry.counter("coral.cwmp.transfers").increment();
    }

    public void cwmpTaskDone(boolean ok) {
        registry.counter("coral.cwmp.tasks", "outcome", ok ? "done" : "fault").increment();
    }

    public void deviceNew(String protocol) {
        registry.counter("coral.devices.new", "protocol", safe(protocol)).increment();
    }

    public void deviceStatus(String protocol, int status) {
        registry.counter("coral.devices.status.changes", "protocol", safe(protocol), "status", statusName(status)).increment();
    }

    public void uspNotify(String type) {
        registry.counter("coral.usp.messages", "direction", "received", "type", "Notify").increment();
        registry.counter("coral.usp.notifications", "type", safe(type)).increment();
    }

    /** A USP message the API sent to an agent, with its outcome (ok, error, timeout, unavailable). */
    public void uspSent(String outcome) {
        registry.counter("coral.usp.messages", "direction", "sent", "type", "request").increment();
        registry.counter("coral.usp.requests", "outcome", outcome).increment();
    }

    public void cwmpRequest(String outcome) {
        registry.counter("coral.cwmp.requests", "outcome", outcome).increment();
    }

    public void scriptRun(String trigger) {
        registry.counter("coral.script.runs", "trigger", safe(trigger)).increment();
    }

    /** Latency of one bus request/reply made by this process. {@code kind}: cwmp, usp, scripts. */
    public void busRequest(String kind, String outcome, long nanos) {
        timer("coral.bus.request", "bus request/reply latency (every request made in this process)", kind, outcome, nanos);
    }

    /** Latency of a bus request made for a REST call (what the API caller waited for). */
    public void apiBusRequest(String kind, String outcome, long nanos) {
        timer("coral.api.bus.request", "bus request/reply latency of REST calls", kind, outcome, nanos);
    }

    private void timer(String name, String description, String kind, String outcome, long nanos) {
        Timer.builder(name)
                .description(description)
                .tag("kind", kind)
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(2))
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Delay between an event's timestamp and its arrival here. */
    public void eventLag(String kind, long millis) {
        if (millis < 0) {
            millis = 0;
        }
        Timer.builder("coral.bus.event.lag")
                .description("time from an event's creation to its delivery to the platform")
                .tag("kind", kind)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(1))
                .register(registry)
                .record(millis, TimeUnit.MILLISECONDS);
    }

    public void httpRequest(String method, String route, int status, long nanos) {
        Timer.builder("coral.http.requests")
                .tag("method", method)
                .tag("route", route)
                .tag("status", Integer.toString(status))
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    public Counter counter(String name, String... tags) {
        return registry.counter(name, tags);
    }

    static String statusName(int status) {
        return switch (status) {
            case 0 -> "offline";
            case 1 -> "associating";
            case 2 -> "online";
            default -> "unknown";
        };
    }

    private static String safe(String s) {
        return s == null || s.isBlank() ? "unknown" : s;
    }
}
