package io.coral.platform.metrics;

import io.coral.bus.Bus;
import io.coral.bus.Event;
import io.coral.bus.Json;
import io.coral.bus.Subscription;
import io.coral.bus.event.CwmpTaskDoneEvent;
import io.coral.bus.event.DeviceNewEvent;
import io.coral.bus.event.DeviceStatusEvent;
import io.coral.bus.event.InformEvent;
import io.coral.bus.event.UspNotifyEvent;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts domain events for {@code /metrics} from one durable consumer shared by every API instance, so
 * that each event is counted once between them (Prometheus sums the instances).
 */
public final class EventMeter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EventMeter.class);
    static final String DURABLE = "coral-platform-metrics";

    private final Subscription subscription;

    public EventMeter(Bus bus, PlatformMetrics metrics) {
        String eventsPrefix = bus.subjects().prefix() + ".events.";
        this.subscription = bus.subscribeEvents(DURABLE, bus.subjects().events(), Duration.ofSeconds(30), e -> {
            count(eventsPrefix, e, metrics);
            e.ack();
        });
    }

    private static void count(String eventsPrefix, Event m, PlatformMetrics metrics) {
        String rest = m.subject().startsWith(eventsPrefix) ? m.subject().substring(eventsPrefix.length()) : m.subject();
        try {
            if (rest.startsWith("cwmp.inform.")) {
                InformEvent e = Json.decode(m.data(), InformEvent.class);
                metrics.cwmpInform();
                lag(metrics, "cwmp.inform", e.timestamp());
            } else if (rest.startsWith("cwmp.transfer.")) {
                metrics.cwmpTransfer();
            } else if (rest.startsWith("cwmp.task.")) {
                CwmpTaskDoneEvent e = Json.decode(m.data(), CwmpTaskDoneEvent.class);
                metrics.cwmpTaskDone(e.error() == null);
                lag(metrics, "cwmp.task", e.timestamp());
            } else if (rest.startsWith("device.new.")) {
                DeviceNewEvent e = Json.decode(m.data(), DeviceNewEvent.class);
                metrics.deviceNew(e.protocol());
            } else if (rest.startsWith("device.status.")) {
                DeviceStatusEvent e = Json.decode(m.data(), DeviceStatusEvent.class);
                metrics.deviceStatus(e.protocol(), e.status());
                lag(metrics, "device.status", e.timestamp());
            } else if (rest.startsWith("usp.notify.")) {
                UspNotifyEvent e = Json.decode(m.data(), UspNotifyEvent.class);
                metrics.uspNotify(e.type());
                lag(metrics, "usp.notify", e.timestamp());
            }
        } catch (RuntimeException e) {
            log.debug("cannot count event on {}: {}", m.subject(), e.getMessage());
        }
    }

    private static void lag(PlatformMetrics metrics, String kind, Instant ts) {
        if (ts != null) {
            metrics.eventLag(kind, System.currentTimeMillis() - ts.toEpochMilli());
        }
    }

    @Override
    public void close() {
        subscription.close();
    }
}
