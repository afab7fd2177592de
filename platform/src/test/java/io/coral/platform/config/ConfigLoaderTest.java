package io.coral.platform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path tmp;

    @Test
    void defaultsMatchTheDocumentedOnes() {
        CoralConfig c = ConfigLoader.builder().load();
        assertThat(c.httpPort()).isEqualTo(8080);
        assertThat(c.acsPort()).isEqualTo(7547);
        assertThat(c.mqttPort()).isEqualTo(1883);
        assertThat(c.dataDir()).isEqualTo(Path.of("./data"));
        assertThat(c.roles()).containsExactlyInAnyOrder(Role.values());
        assertThat(c.uspEndpointId()).isEqualTo("proto::coral");
        assertThat(c.uspTopic()).isEqualTo("usp/controller/coral");
        assertThat(c.natsUrl()).isNull();
        assertThat(c.mongoUri()).isNull();
        assertThat(c.mqttUrl()).isNull();
        assertThat(c.busPrefix()).isEqualTo("coral");
    }

    @Test
    void flagsWinOverEnvironmentWhichWinsOverTheFile() throws Exception {
        Path file = tmp.resolve("coral.properties");
        Files.writeString(file, """
                # comment
                http-port=9001
                acs-port = 9002
                mqtt-port=9003
                roles=acs
                """);
        CoralConfig c = ConfigLoader.builder()
                .configFile(file)
                .env(Map.of("CORAL_ACS_PORT", "9102", "CORAL_MQTT_PORT", "9103", "CORAL_ROLES", "usp,api"))
                .flag(Setting.MQTT_PORT, "9203")
                .load();
        assertThat(c.httpPort()).isEqualTo(9001);
        assertThat(c.acsPort()).isEqualTo(9102);
        assertThat(c.mqttPort()).isEqualTo(9203);
        assertThat(c.roles()).isEqualTo(Set.of(Role.USP, Role.API));
    }

    @Test
    void configFileCanComeFromTheEnvironment() throws Exception {
        Path file = tmp.resolve("c.properties");
        Files.writeString(file, "nats-url=nats://n1:4222,nats://n2:4222\nmongo-uri=mongodb://m1:27017,m2:27017/coral\n");
        CoralConfig c = ConfigLoader.builder().env(Map.of("CORAL_CONFIG", file.toString())).load();
        assertThat(c.natsUrl()).isEqualTo("nats://n1:4222,nats://n2:4222");
        assertThat(c.mongoUri()).isEqualTo("mongodb://m1:27017,m2:27017/coral");
    }

    @Test
    void badPortNamesTheSettingAndItsSource() {
        assertThatThrownBy(() -> ConfigLoader.builder().env(Map.of("CORAL_HTTP_PORT", "eighty")).load())
                .isInstanceOf(ConfigException.class)
                .hasMessage("http-port: 'eighty' is not a port number (0-65535) (from CORAL_HTTP_PORT)")
                .extracting(e -> ((ConfigException) e).setting()).isEqualTo("http-port");
        assertThatThrownBy(() -> ConfigLoader.builder().flag(Setting.ACS_PORT, "70000").load())
                .hasMessage("acs-port: '70000' is not a port number (0-65535) (from --acs-port)");
    }

    @Test
    void badValuesOfEveryKindAreRejected() throws Exception {
        assertThatThrownBy(() -> ConfigLoader.builder().flag(Setting.ROLES, "acs,db").load())
                .hasMessageStartingWith("roles: unknown role 'db'");
        assertThatThrownBy(() -> ConfigLoader.builder().flag(Setting.ROLES, " , ").load())
                .hasMessageStartingWith("roles: no role given");
        assertThatThrownBy(() -> ConfigLoader.builder().flag(Setting.NATS_URL, "http://x:4222").load())
                .hasMessageStartingWith("nats-url: 'http://x:4222' must start with one of");
        assertThatThrownBy(() -> ConfigLoader.builder().flag(Setting.MONGO_URI, "postgres://x").load())
                .hasMessageStartingWith("mongo-uri:");
        assertThatThrownBy(() -> ConfigLoader.builder().flag(Setting.MQTT_URL, "tcp:/nohost").load())
                .hasMessageStartingWith("mqtt-url:");
        assertThatThrownBy(() -> ConfigLoader.builder().flag(Setting.USP_TOPIC, "usp/+/x").load())
                .hasMessageStartingWith("usp-topic:");
        assertThatThrownBy(() -> ConfigLoader.builder().flag(Setting.USP_ENDPOINT_ID, "").load())
                .hasMessageStartingWith("usp-endpoint-id: a value is required");
        assertThatThrownBy(() -> ConfigLoader.builder().flag(Setting.USP_ENDPOINT_ID, "coral").load())
                .hasMessageStartingWith("usp-endpoint-id: 'coral' is not a USP endpoint id");
        assertThatThrownBy(() -> ConfigLoader.builder().flag(Setting.ACS_AUTH, "kerberos").load())
                .hasMessageStartingWith("acs-auth:");
        assertThatThrownBy(() -> ConfigLoader.builder().flag(Setting.ACS_USERNAME, "u").flag(Setting.ACS_AUTH, "digest").load())
                .hasMessageStartingWith("acs-password:");
        assertThatThrownBy(() -> ConfigLoader.builder().flag(Setting.ACS_PROVISION_CR, "maybe").load())
                .hasMessageStartingWith("acs-provision-cr:");
        assertThatThrownBy(() -> ConfigLoader.builder().flag(Setting.INSTANCE_ID, "a b").load())
                .hasMessageStartingWith("instance-id:");
        assertThatThrownBy(() -> ConfigLoader.builder().flag(Setting.BUS_PREFIX, "a..b").load())
                .hasMessageStartingWith("bus-prefix:");
        Path notDir = Files.writeString(tmp.resolve("file"), "x");
        assertThatThrownBy(() -> ConfigLoader.builder().flag(Setting.DATA_DIR, notDir.toString()).load())
                .hasMessageStartingWith("data-dir:");
    }

    @Test
    void unknownFileKeyAndMissingFileAreErrors() throws Exception {
        Path file = tmp.resolve("c.properties");
        Files.writeString(file, "http_port=1\n");
        assertThatThrownBy(() -> ConfigLoader.builder().configFile(file).load())
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("http_port: unknown key in " + file);
        assertThatThrownBy(() -> ConfigLoader.builder().configFile(tmp.resolve("missing")).load())
                .hasMessageStartingWith("config: file " + tmp.resolve("missing"));
    }

    @Test
    void everySettingHasFlagEnvAndKeyOfOneName() {
        for (Setting s : Setting.values()) {
            assertThat(s.flag()).isEqualTo("--" + s.key());
            assertThat(s.env()).isEqualTo("CORAL_" + s.key().toUpperCase().replace('-', '_'));
            assertThat(Setting.byKey(s.key())).isSameAs(s);
        }
        assertThat(Setting.HTTP_PORT.env()).isEqualTo("CORAL_HTTP_PORT");
    }
}
