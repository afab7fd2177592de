package io.coral.store.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import io.coral.store.Credential;
import io.coral.store.Device;
import io.coral.store.Parameter;
import io.coral.store.Run;
import io.coral.store.Script;
import io.coral.store.ScriptVersion;
import io.coral.store.Task;
import io.coral.store.TaskState;
import io.coral.store.Token;
import io.coral.store.embedded.EmbeddedMongo;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every record survives record → document → BSON on the wire → document → record, full and sparse. */
class CodecRoundTripTest {

    private static final Instant T = Instant.parse("2026-03-04T05:06:07.089Z");
    private static EmbeddedMongo server;
    private static MongoClient client;

    @BeforeAll
    static void start() {
        server = EmbeddedMongo.inMemory();
        client = MongoClients.create(server.uri());
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    private static <T> T viaWire(String collection, T value, Function<T, Document> encode, Function<Document, T> decode) {
        Document doc = encode.apply(value);
        assertThat(decode.apply(doc)).as("in memory").isEqualTo(value);
        MongoCollection<Document> c = client.getDatabase("codec").getCollection(collection);
        Object id = doc.containsKey("_id") ? doc.get("_id") : new ObjectId();
        doc.put("_id", id);
        c.insertOne(doc);
        Document read = c.find(new Document("_id", id)).first();
        T back = decode.apply(read);
        assertThat(back).as("through the wire").isEqualTo(value);
        return back;
    }

    @Test
    void device() {
        Device full = new Device("SN-1", "R1", "Acme", "1.2.3", "IGD", "00D09E", "kitchen", 2, "TR-181",
                new Device.CwmpInfo(2, "http://1.2.3.4:7547/", "u", "p", 300, "cwmp-1-4", "1.2.3.4", T),
                new Device.UspInfo(1, "os::00D09E-SN-1", "usp/agent/1", "5", T.plusSeconds(1)), T.plusSeconds(2), T);
        viaWire("devices", full, DeviceCodec::toDocument, DeviceCodec::fromDocument);
        Device sparse = new Device("SN-2", null, null, null, null, null, null, 0, null,
                new Device.CwmpInfo(0, null, null, null, 0, null, null, null), null, null, null);
        viaWire("devices", sparse, DeviceCodec::toDocument, DeviceCodec::fromDocument);
        assertThat(DeviceCodec.toDocument(full).getString("_id")).isEqualTo("SN-1");
        assertThat(DeviceCodec.toDocument(full).get("cwmp", Document.class).getString("connection_request_url"))
                .isEqualTo("http://1.2.3.4:7547/");
    }

    @Test
    void parameter() {
        viaWire("parameters", new Parameter("SN", "Device.DeviceInfo.UpTime", "42", "xsd:unsignedInt", false, T),
                ParameterCodec::toDocument, ParameterCodec::fromDocument);
        viaWire("parameters", new Parameter("SN", "Device.X.", null, null, null, null),
                ParameterCodec::toDocument, ParameterCodec::fromDocument);
    }

    @Test
    void task() {
        Task full = new Task(new ObjectId().toHexString(), "SN", "cwmp", "SetParameterValues", "{\"values\":{}}",
                TaskState.SENT, 2, 3, "acs-1", "ck", T, T.plusSeconds(1), T.plusSeconds(2), T.plusSeconds(3),
                "{\"status\":0}", "{\"code\":\"timeout\"}");
        viaWire("tasks", full, TaskCodec::toDocument, TaskCodec::fromDocument);
        Task sparse = new Task(new ObjectId().toHexString(), "SN", null, null, null, TaskState.QUEUED, 0, 1, null, null,
                null, null, null, null, null, null);
        viaWire("tasks", sparse, TaskCodec::toDocument, TaskCodec::fromDocument);
        assertThat(TaskCodec.toDocument(full).getString("state")).isEqualTo("sent");
    }

    @Test
    void scriptAndVersion() {
        Script full = new Script("boot", "on boot", "log('x')", true, "running", "0 * * * *", "Europe/Paris",
                List.of("cwmp.inform.*", "device.new.*"), Map.of("a", "1", "b", "two"), true, 3, T, T.plusSeconds(1));
        viaWire("scripts", full, ScriptCodec::toDocument, ScriptCodec::fromDocument);
        Script sparse = new Script("s", null, null, false, null, null, null, List.of(), Map.of(), false, 1, null, null);
        viaWire("scripts", sparse, ScriptCodec::toDocument, ScriptCodec::fromDocument);
        viaWire("script_versions", new ScriptVersion("boot", 3, "log('x')", T), ScriptCodec::versionToDocument,
                ScriptCodec::versionFromDocument);
    }

    @Test
    void run() {
        Run full = new Run(new ObjectId().toHexString(), "boot", 3, "event", T, T.plusSeconds(1), "error", "boom", 7,
                List.of(new Run.LogLine(T, "info", "hello"), new Run.LogLine(T.plusMillis(1), "error", "bad")), 5, "scripts-1");
        viaWire("runs", full, RunCodec::toDocument, RunCodec::fromDocument);
        Run sparse = new Run(new ObjectId().toHexString(), "boot", 1, null, null, null, null, null, null, List.of(), 0, null);
        viaWire("runs", sparse, RunCodec::toDocument, RunCodec::fromDocument);
        assertThat(RunCodec.toDocument(full).getInteger("log_total")).isEqualTo(7);
    }

    @Test
    void credentialAndToken() {
        viaWire("credentials", new Credential("user", "pbkdf2-sha256$1$a$b", "0123abcd", "coral", T),
                CredentialCodec::toDocument, CredentialCodec::fromDocument);
        viaWire("tokens", new Token("abcdef0123456789", "ci", "ff".repeat(32), true, T), TokenCodec::toDocument,
                TokenCodec::fromDocument);
    }

    @Test
    void passwordHashesVerifyAndAreSalted() {
        String a = Passwords.hash("pw");
        String b = Passwords.hash("pw");
        assertThat(a).isNotEqualTo(b).startsWith("pbkdf2-sha256$");
        assertThat(Passwords.verify("pw", a)).isTrue();
        assertThat(Passwords.verify("pw ", a)).isFalse();
        assertThat(Passwords.verify("pw", "garbage")).isFalse();
        assertThat(Passwords.verify("pw", "pbkdf2-sha256$x$y$z")).isFalse();
        assertThat(Passwords.digestHa1("Mufasa", "testrealm@host.com", "Circle Of Life"))
                .as("RFC 2617 example HA1").isEqualTo("939e7578ed9e3c518a452acee763bce9");
        assertThat(Passwords.sha256("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void regexEscapingMakesTextLiteral() {
        assertThat(MongoDeviceRepository.escapeRegex("a.b*c(d)")).isEqualTo("a\\.b\\*c\\(d\\)");
        assertThat("xa.b*c(d)y").containsPattern(MongoDeviceRepository.escapeRegex("a.b*c(d)"));
        assertThat("aXb").doesNotContainPattern(MongoDeviceRepository.escapeRegex("a.b"));
    }
}
