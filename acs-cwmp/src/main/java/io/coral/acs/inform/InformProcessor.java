package io.coral.acs.inform;

import io.coral.acs.status.ContactCoalescer;
import io.coral.bus.Bus;
import io.coral.bus.event.DeviceNewEvent;
import io.coral.bus.event.DeviceStatusEvent;
import io.coral.bus.event.EventCode;
import io.coral.bus.event.InformEvent;
import io.coral.cwmp.EventStruct;
import io.coral.cwmp.Inform;
import io.coral.cwmp.ParameterValue;
import io.coral.store.Device;
import io.coral.store.DeviceStatus;
import io.coral.store.Parameter;
import io.coral.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Records an Inform: the device (identity, ConnectionRequestURL, PeriodicInformInterval, data model), every
 * ParameterList value, status online, last contact; publishes {@code InformEvent}, {@code DeviceNewEvent} and
 * {@code DeviceStatusEvent}. Writes only what changed since this instance last wrote the device (cache), and
 * coalesces last-contact times.
 */
public final class InformProcessor {

    public static final String CWMP = "cwmp";
    private static final Duration EVENT_WAIT = Duration.ofSeconds(10);

    private final Store store;
    private final Bus bus;
    private final ContactCoalescer contacts;
    private final Clock clock;
    private final long assumedIntervalSec;
    private final long graceSec;
    private final DeviceCache cache;

    public InformProcessor(Store store, Bus bus, ContactCoalescer contacts, Clock clock, Duration assumedInterval,
            Duration offlineGrace) {
        this.store = store;
        this.bus = bus;
        this.contacts = contacts;
        this.clock = clock;
        this.assumedIntervalSec = assumedInterval.toSeconds();
        this.graceSec = offlineGrace.toSeconds();
        this.cache = new DeviceCache(Duration.ofMinutes(10), 200_000);
    }

    /** What the session needs to know about the device after its Inform. */
    public record Recorded(boolean newDevice, String dataModel, String root) {}

    public Recorded record(Inform inform, String cwmpVersion, String remoteIp) {
        Instant now = clock.instant();
        String sn = inform.deviceId().serialNumber();
        Map<String, String> params = new LinkedHashMap<>();
        for (ParameterValue p : inform.parameterList()) {
            if (!p.name().isEmpty()) {
                params.put(p.name(), p.value());
            }
        }
        String root = DataModels.root(params.keySet());
        DeviceCache.Entry cached = cache.get(sn, now);
        String dataModel = DataModels.dataModel(root, cached == null ? null : cached.dataModel());
        String crUrl = DataModels.find(params, root, "ManagementServer.ConnectionRequestURL");
        long interval = parseLong(DataModels.find(params, root, "ManagementServer.PeriodicInformInterval"));
        String model = DataModels.find(params, root, "DeviceInfo.ModelName");
        String version = DataModels.find(params, root, "DeviceInfo.SoftwareVersion");
        String vendor = inform.deviceId().manufacturer();
        String oui = inform.deviceId().oui();
        String pc = inform.deviceId().productClass();
        if (crUrl == null && cached != null) {
            crUrl = cached.crUrl();
        }
        if (model == null && cached != null) {
            model = cached.model();
        }
        if (version == null && cached != null) {
            version = cached.version();
        }
        if (interval <= 0) {
            interval = cached != null && cached.intervalSec() > 0 ? cached.intervalSec() : assumedIntervalSec;
        }

        List<CompletableFuture<Void>> published = new ArrayList<>(3);
        boolean created = false;
        int previousStatus;
        boolean identityChanged = cached == null || !same(cached, oui, pc, vendor, model, version, dataModel, crUrl,
                interval, cwmpVersion, remoteIp);
        boolean statusWritten = false;
        if (cached == null) {
            Optional<Device> before = store.devices().find(sn);
            previousStatus = before.map(d -> d.cwmp() == null ? DeviceStatus.OFFLINE : d.cwmp().status())
                    .orElse(DeviceStatus.OFFLINE);
        } else if (cached.lastInform().plusSeconds(cached.intervalSec() + graceSec / 2).isBefore(now)) {
            // Silent long enough that a sweeper (maybe on another instance) could have marked it offline.
            previousStatus = store.devices().setStatus(sn, CWMP, DeviceStatus.ONLINE, now);
            statusWritten = true;
            if (previousStatus < 0) {
                identityChanged = true;
                previousStatus = DeviceStatus.OFFLINE;
            }
        } else {
            previousStatus = cached.status();
        }
        if (identityChanged) {
            created = store.devices().upsertCwmp(sn, emptyToNull(oui), emptyToNull(pc), emptyToNull(vendor), model,
                    version, dataModel, new Device.CwmpInfo(DeviceStatus.ONLINE, crUrl, null, null, interval,
                            cwmpVersion, remoteIp, now));
            statusWritten = true;
            if (created) {
                published.add(bus.publishEvent(bus.subjects().deviceNew(sn),
                        new DeviceNewEvent(sn, CWMP, vendor, model, pc, now)));
            }
        }
        if (!statusWritten && previousStatus != DeviceStatus.ONLINE) {
            previousStatus = store.devices().setStatus(sn, CWMP, DeviceStatus.ONLINE, now);
        }
        if (previousStatus != DeviceStatus.ONLINE) {
            published.add(bus.publishEvent(bus.subjects().deviceStatus(sn), new DeviceStatusEvent(sn, CWMP,
                    DeviceStatus.ONLINE, DeviceStatus.ONLINE, created ? "first inform" : "inform", now)));
        }

        List<Parameter> changed = new ArrayList<>();
        Map<String, String> known = cached == null ? Map.of() : cached.params();
        for (ParameterValue p : inform.parameterList()) {
            if (!p.name().isEmpty() && !p.value().equals(known.get(p.name()))) {
                changed.add(new Parameter(sn, p.name(), p.value(), p.type(), null, now));
            }
        }
        if (!changed.isEmpty()) {
            store.parameters().upsertAll(sn, changed);
        }
        Map<String, String> merged;
        if (cached != null && changed.isEmpty() && cached.params().size() >= params.size()) {
            // Nothing new: every value of this Inform is already in the cached map.
            merged = cached.params();
        } else if (cached != null) {
            Map<String, String> m = new HashMap<>(cached.params());
            m.putAll(params);
            merged = Map.copyOf(m);
        } else {
            merged = Map.copyOf(params);
        }
        contacts.touch(sn, now);

        List<EventCode> codes = new ArrayList<>(inform.events().size());
        for (EventStruct e : inform.events()) {
            codes.add(new EventCode(e.index(), e.eventCode(), e.commandKey().isEmpty() ? null : e.commandKey()));
        }
        published.add(bus.publishEvent(bus.subjects().cwmpInform(sn), new InformEvent(sn, oui, pc, vendor, model,
                version, dataModel, codes, params, created, now)));
        cache.put(sn, new DeviceCache.Entry(oui, pc, vendor, model, version, dataModel, crUrl, interval, cwmpVersion,
                remoteIp, DeviceStatus.ONLINE, now, merged, cached == null || identityChanged
                        ? now : cached.loaded()));
        // Answer the CPE only once the events are stored: an InformResponse tells it its events were delivered.
        try {
            CompletableFuture.allOf(published.toArray(CompletableFuture[]::new))
                    .get(EVENT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing the Inform events", e);
        } catch (Exception e) {
            cache.invalidate(sn);
            throw new IllegalStateException("publishing the Inform events of " + sn + " failed: " + e, e);
        }
        return new Recorded(created, dataModel, root);
    }

    /** The sweeper marked the device offline: the next Inform must write status again. */
    public void forgetStatus(String sn) {
        cache.markOffline(sn);
    }

    /** The cached ConnectionRequestURL (avoids a store read for connection requests right after an Inform). */
    public void invalidate(String sn) {
        cache.invalidate(sn);
    }

    private static boolean same(DeviceCache.Entry c, String oui, String pc, String vendor, String model,
            String version, String dataModel, String crUrl, long interval, String cwmpVersion, String ip) {
        return eq(c.oui(), oui) && eq(c.productClass(), pc) && eq(c.vendor(), vendor) && eq(c.model(), model)
                && eq(c.version(), version) && eq(c.dataModel(), dataModel) && eq(c.crUrl(), crUrl)
                && c.intervalSec() == interval && eq(c.cwmpVersion(), cwmpVersion) && eq(c.ip(), ip);
    }

    private static boolean eq(Object a, Object b) {
        return a == null ? b == null : a.equals(b);
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static long parseLong(String s) {
        if (s == null) {
            return 0;
        }
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
