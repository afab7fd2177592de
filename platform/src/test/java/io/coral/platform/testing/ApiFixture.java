package io.coral.platform.testing;

import io.coral.bus.LocalBus;
import io.coral.platform.CoralPlatform;
import io.coral.platform.config.Role;
import io.coral.store.Device;
import io.coral.store.Store;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A platform on port 0 with an in-memory store and a LocalBus the test can answer on (fake ACS or
 * controller); the api role only unless other roles are asked for. Register with {@code @RegisterExtension}.
 */
public final class ApiFixture implements BeforeEachCallback, AfterEachCallback {
    public static final String ADMIN = "admin-secret-for-tests-0123456789";

    private final Role[] roles;
    private LocalBus bus;
    private CoralPlatform platform;
    private Http http;

    /** Only the api role. */
    public ApiFixture() {
        this(Role.API);
    }

    public ApiFixture(Role... roles) {
        this.roles = roles;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        bus = LocalBus.builder().build();
        platform = CoralPlatform.builder()
                .roles(roles)
                .inMemoryStore()
                .host("127.0.0.1")
                .httpPort(0)
                .bus(bus)
                .adminToken(ADMIN)
                .start();
        http = new Http(baseUrl(), ADMIN);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (platform != null) {
            platform.close();
        }
        if (bus != null) {
            bus.close();
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + platform.httpPort();
    }

    public Http http() {
        return http;
    }

    public Http anonymous() {
        return http.withToken(null);
    }

    public LocalBus bus() {
        return bus;
    }

    public Store store() {
        return platform.store();
    }

    public CoralPlatform platform() {
        return platform;
    }

    public static Device cwmpDevice(String sn, String vendor, String model, int status, Instant lastContact) {
        return new Device(sn, model, vendor, "1.0." + sn.length(), "IGD", "00AA11", null, status, "TR-181",
                new Device.CwmpInfo(status, "http://10.0.0.1:7547/cr", "cr-user", "cr-secret-password", 300, "cwmp-1-2", "10.0.0.1",
                        lastContact),
                null, lastContact, lastContact);
    }

    public static Device uspDevice(String endpointId, String vendor, String model, int status, Instant lastContact) {
        return new Device(endpointId, model, vendor, "2.0", null, null, null, status, "TR-181", null,
                new Device.UspInfo(status, endpointId, "usp/agent/" + endpointId, "5", lastContact), lastContact, lastContact);
    }

    public void seed(List<Device> devices) {
        store().devices().saveAll(devices);
    }
}
