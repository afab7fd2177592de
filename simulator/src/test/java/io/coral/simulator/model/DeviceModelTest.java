package io.coral.simulator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeviceModelTest {
    private static final DataModel TR181 = DataModel.load("tr181");
    private static final DataModel TR098 = DataModel.load("tr098");

    private static DeviceModel device(DataModel m, int index) {
        return new DeviceModel(m, DeviceIdentity.of(index, "SIM" + index, "00256D", "CoralGate"),
                Map.of("periodic_interval", "300", "cr_url", "http://127.0.0.1:1/SIM" + index));
    }

    @Test
    void templatesExpandPerDevice() throws Exception {
        DeviceModel a = device(TR181, 1);
        DeviceModel b = device(TR181, 2);
        assertThat(a.get("Device.DeviceInfo.SerialNumber")).isEqualTo("SIM1");
        assertThat(b.get("Device.DeviceInfo.SerialNumber")).isEqualTo("SIM2");
        assertThat(a.get("Device.WiFi.SSID.2.SSID")).isEqualTo("Coral-SIM1-5G");
        assertThat(a.get("Device.Ethernet.Interface.1.MACAddress")).isNotEqualTo(b.get("Device.Ethernet.Interface.1.MACAddress"))
                .matches("([0-9A-F]{2}:){5}[0-9A-F]{2}");
        assertThat(a.get("Device.ManagementServer.PeriodicInformInterval")).isEqualTo("300");
        assertThat(a.get("Device.DeviceInfo.Description")).isEqualTo("Coral simulated TR-181 gateway");
        assertThat(TR098.root()).isEqualTo("InternetGatewayDevice.");
        assertThat(device(TR098, 7).get("InternetGatewayDevice.WANDevice.1.WANConnectionDevice.1.WANIPConnection.1.ExternalIPAddress"))
                .isEqualTo("10.0.0.7");
    }

    @Test
    void instanceValuesOverrideSchemaDefaults() throws Exception {
        DeviceModel d = device(TR181, 1);
        assertThat(d.get("Device.IP.Interface.1.Name")).isEqualTo("wan");
        assertThat(d.get("Device.IP.Interface.2.Name")).isEqualTo("lan");
        assertThat(d.instances("Device.IP.Interface.")).containsExactly(1, 2);
        assertThat(d.instances("Device.IP.Interface.2.IPv4Address.")).containsExactly(1);
        assertThat(d.resolve("Device.IP.Interface.3.Name")).isNull();
        assertThat(d.resolve("Device.IP.Interface.{i}.Name")).isNull();
    }

    @Test
    void setAllIsAtomicAndChecksWritabilityTypeAndValue() throws Exception {
        DeviceModel d = device(TR181, 1);
        List<ModelException> faults = d.setAll(List.of(
                new ParamSetting("Device.WiFi.SSID.1.SSID", "new", ParamType.STRING),
                new ParamSetting("Device.DeviceInfo.SerialNumber", "x", null),
                new ParamSetting("Device.Nope", "x", null),
                new ParamSetting("Device.WiFi.SSID.1.Enable", "maybe", null),
                new ParamSetting("Device.Ethernet.Interface.1.MaxBitRate", "5", ParamType.BOOLEAN)));
        assertThat(faults).extracting(ModelException::error).containsExactly(ModelError.NOT_WRITABLE,
                ModelError.INVALID_PATH, ModelError.INVALID_VALUE, ModelError.INVALID_TYPE);
        assertThat(d.get("Device.WiFi.SSID.1.SSID")).isEqualTo("Coral-SIM1");

        assertThat(d.setAll(List.of(new ParamSetting("Device.WiFi.SSID.1.SSID", "new", ParamType.STRING),
                new ParamSetting("Device.WiFi.SSID.1.Enable", "0", ParamType.STRING)))).isEmpty();
        assertThat(d.get("Device.WiFi.SSID.1.SSID")).isEqualTo("new");
        assertThat(d.get("Device.WiFi.SSID.1.Enable")).isEqualTo("false");
        assertThat(device(TR181, 1).get("Device.WiFi.SSID.1.SSID")).as("template untouched").isEqualTo("Coral-SIM1");
    }

    @Test
    void addAndDeleteInstancesNeverReuseNumbers() throws Exception {
        DeviceModel d = device(TR181, 1);
        assertThat(d.addInstance("Device.IP.Interface.")).isEqualTo(3);
        assertThat(d.get("Device.IP.Interface.3.Enable")).isEqualTo("false");
        assertThat(d.instances("Device.IP.Interface.3.IPv4Address.")).isEmpty();
        assertThat(d.addInstance("Device.IP.Interface.3.IPv4Address.")).isEqualTo(1);
        d.setAll(List.of(new ParamSetting("Device.IP.Interface.3.Alias", "x", null)));
        d.deleteInstance("Device.IP.Interface.3.");
        assertThat(d.resolve("Device.IP.Interface.3.Alias")).isNull();
        assertThat(d.addInstance("Device.IP.Interface.")).isEqualTo(4);
        assertThat(d.get("Device.IP.Interface.4.Alias")).isEmpty();
        d.deleteInstance("Device.IP.Interface.1.");
        assertThat(d.instances("Device.IP.Interface.")).containsExactly(2, 4);

        assertThatThrownBy(() -> d.addInstance("Device.Hosts.Host.")).extracting("error").isEqualTo(ModelError.NOT_CREATABLE);
        assertThatThrownBy(() -> d.addInstance("Device.DeviceInfo.")).extracting("error").isEqualTo(ModelError.WRONG_KIND);
        assertThatThrownBy(() -> d.addInstance("Device.Nope.")).extracting("error").isEqualTo(ModelError.INVALID_PATH);
        assertThatThrownBy(() -> d.deleteInstance("Device.IP.Interface.9.")).extracting("error").isEqualTo(ModelError.INVALID_PATH);
        assertThatThrownBy(() -> d.deleteInstance("Device.Hosts.Host.1.")).extracting("error")
                .isEqualTo(ModelError.NOT_CREATABLE);

        d.factoryReset();
        assertThat(d.instances("Device.IP.Interface.")).containsExactly(1, 2);
    }

    @Test
    void walkAndParameterPaths() throws Exception {
        DeviceModel d = device(TR181, 1);
        List<String> next = new ArrayList<>();
        d.walk("Device.IP.", 1, (p, def, depth) -> next.add(p));
        assertThat(next).containsExactly("Device.IP.IPv4Enable", "Device.IP.Interface.", "Device.IP.Diagnostics.");
        List<String> params = d.parameterPaths("Device.IP.Interface.2.");
        assertThat(params).contains("Device.IP.Interface.2.Name", "Device.IP.Interface.2.IPv4Address.1.IPAddress")
                .doesNotContain("Device.IP.Interface.1.Name");
        assertThat(d.parameterPaths("")).hasSizeGreaterThan(100).allMatch(p -> p.startsWith("Device."));
        assertThatThrownBy(() -> d.parameterPaths("Device.Bogus.")).extracting("error").isEqualTo(ModelError.INVALID_PATH);
        assertThatThrownBy(() -> d.parameterPaths("Device.IP.Interface.9.")).extracting("error")
                .isEqualTo(ModelError.INVALID_PATH);
    }

    @Test
    void notificationAttributes() throws Exception {
        DeviceModel d = device(TR181, 1);
        assertThat(d.notification("Device.DeviceInfo.SoftwareVersion")).isEqualTo(2);
        d.setNotification("Device.WiFi.SSID.1.SSID", 2);
        assertThat(d.setLocal("Device.WiFi.SSID.1.SSID", "local")).isEqualTo(2);
        assertThatThrownBy(() -> d.setNotification("Device.DeviceInfo.UpTime", 2)).extracting("error")
                .isEqualTo(ModelError.NOTIFICATION_REJECTED);
        d.setAccessList("Device.WiFi.SSID.1.SSID", List.of());
        assertThat(d.accessList("Device.WiFi.SSID.1.SSID")).isEmpty();
    }

    @Test
    void parserReportsTheBadLine() {
        assertThatThrownBy(() -> DataModel.parse("x", new StringReader("Device.\nDevice.A  unsignedInt R 0 -1\n")))
                .hasMessageContaining("x:2");
        assertThatThrownBy(() -> DataModel.parse("x", new StringReader("Device.A  wat R 0 1\n")))
                .hasMessageContaining("unknown parameter type");
    }

    @Test
    void schemaPaths() {
        assertThat(DataModel.schemaPath("Device.IP.Interface.12.IPv4Address.3.Enable"))
                .isEqualTo("Device.IP.Interface.{i}.IPv4Address.{i}.Enable");
        assertThat(DataModel.schemaPath("Device.IP.")).isEqualTo("Device.IP.");
        assertThat(DataModel.schemaPath("Device.IP.Interface.1.")).isEqualTo("Device.IP.Interface.{i}.");
    }

    @Test
    void nestedTableDefaultsApplyToEveryParentInstance() throws Exception {
        DeviceModel d = device(TR098, 1);
        String wlan = "InternetGatewayDevice.LANDevice.1.WLANConfiguration.";
        assertThat(d.instances(wlan)).containsExactly(1, 2);
        assertThat(d.get(wlan + "1.SSID")).isEqualTo("Coral-SIM1");
        assertThat(d.get(wlan + "2.SSID")).isEqualTo("Coral-SIM1-5G");
        assertThat(d.addInstance(wlan)).isEqualTo(3);
        assertThat(d.resolve(wlan + "3.")).isNotNull();
        d.deleteInstance(wlan + "3.");
        assertThat(d.resolve(wlan + "3.")).isNull();
        assertThat(d.instances("InternetGatewayDevice.WANDevice.1.WANConnectionDevice.1.WANIPConnection.")).containsExactly(1);
    }
}
