package io.coral.simulator.cwmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coral.cwmp.AddObjectResponse;
import io.coral.cwmp.CwmpFault;
import io.coral.cwmp.DUStateChangeComplete;
import io.coral.cwmp.DeleteObjectResponse;
import io.coral.cwmp.DownloadResponse;
import io.coral.cwmp.Envelope;
import io.coral.cwmp.EventCodes;
import io.coral.cwmp.EventStruct;
import io.coral.cwmp.GetAllQueuedTransfersResponse;
import io.coral.cwmp.GetParameterAttributesResponse;
import io.coral.cwmp.GetParameterNamesResponse;
import io.coral.cwmp.GetParameterValuesResponse;
import io.coral.cwmp.GetRPCMethodsResponse;
import io.coral.cwmp.Inform;
import io.coral.cwmp.ParameterFault;
import io.coral.cwmp.ParameterInfo;
import io.coral.cwmp.SetParameterValuesResponse;
import io.coral.cwmp.TransferComplete;
import io.coral.simulator.model.DataModel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Simulated CPEs against a canned-SOAP ACS over real sockets. */
class CwmpCpeTest {
    private static final String SN = "SIM000001";
    private static final String IGD = "InternetGatewayDevice.";
    private TestAcs acs;
    private CwmpFleet fleet;

    @BeforeEach
    void setUp() throws Exception {
        acs = new TestAcs();
    }

    @AfterEach
    void tearDown() {
        if (fleet != null) {
            fleet.close();
        }
        acs.close();
    }

    private CwmpFleet.Builder fleet() {
        return CwmpFleet.builder().acsUrl(acs.url()).model("tr098").periodicJitter(false).periodicInterval(3600)
                .rebootDelay(Duration.ofMillis(10));
    }

    /** Queues an RPC once the CPE is between sessions (else the open session would take it), knocks, returns the answer. */
    private Envelope run(String rpc) throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(acs::idle);
        acs.queue(SN, rpc);
        connectionRequest(fleet.connectionRequestUrl(SN), SN, "coral");
        Inform inform = acs.nextInform();
        assertThat(inform.hasEvent(EventCodes.CONNECTION_REQUEST)).as("events %s", inform.events()).isTrue();
        return acs.nextCpeMessage();
    }

    private void boot() throws Exception {
        fleet.start();
        Inform first = acs.nextInform();
        assertThat(first.events()).extracting(EventStruct::eventCode)
                .containsExactly(EventCodes.BOOTSTRAP, EventCodes.BOOT);
        await().atMost(Duration.ofSeconds(10)).until(() -> acs.completedSessions.get() >= 1);
    }

    @Test
    void firstContactIsBootstrapThenPeriodicWithCookiesKept() throws Exception {
        fleet = fleet().count(2).periodicInterval(1).build();
        fleet.start();
        Inform a = acs.nextInform();
        Inform b = acs.nextInform();
        assertThat(a.events()).extracting(EventStruct::eventCode).containsExactly("0 BOOTSTRAP", "1 BOOT");
        assertThat(b.events()).extracting(EventStruct::eventCode).containsExactly("0 BOOTSTRAP", "1 BOOT");
        assertThat(java.util.List.of(a.deviceId().serialNumber(), b.deviceId().serialNumber()))
                .containsExactlyInAnyOrder("SIM000001", "SIM000002");
        assertThat(a.deviceId().oui()).isEqualTo("00256D");
        assertThat(a.deviceId().manufacturer()).isEqualTo("Coral Networks");
        assertThat(a.parameter(IGD + "ManagementServer.ConnectionRequestURL"))
                .isEqualTo(fleet.connectionRequestUrl(a.deviceId().serialNumber()));
        assertThat(a.parameter(IGD + "DeviceInfo.SoftwareVersion")).isEqualTo("1.0.0");
        assertThat(a.maxEnvelopes()).isEqualTo(1);
        Inform periodic = acs.nextInform();
        assertThat(periodic.events()).extracting(EventStruct::eventCode).containsExactly("2 PERIODIC");
        await().atMost(Duration.ofSeconds(10)).until(() -> acs.completedSessions.get() >= 3);
        assertThat(acs.cookieViolations).isEmpty();
        assertThat(fleet.stats().snapshot().sessions()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void connectionRequestNeedsDigest() throws Exception {
        fleet = fleet().build();
        boot();
        HttpClient http = HttpClient.newHttpClient();
        URI cr = URI.create(fleet.connectionRequestUrl(SN));
        assertThat(http.send(HttpRequest.newBuilder(cr).build(), HttpResponse.BodyHandlers.discarding()).statusCode())
                .isEqualTo(401);
        assertThat(connectionRequest(cr.toString(), SN, "wrong")).isEqualTo(401);
        assertThat(connectionRequest(fleet.connectionRequestUrl("NOPE"), SN, "coral")).isEqualTo(404);
        assertThat(connectionRequest(cr.toString(), SN, "coral")).isEqualTo(200);
        Inform inform = acs.nextInform();
        assertThat(inform.events()).extracting(EventStruct::eventCode).containsExactly("6 CONNECTION REQUEST");
    }

    @Test
    void getAndSetParameterValuesWithFaults() throws Exception {
        fleet = fleet().build();
        boot();
        GetParameterValuesResponse gpv = (GetParameterValuesResponse) run("<cwmp:GetParameterValues><ParameterNames"
                + " soapenc:arrayType=\"xsd:string[2]\"><string>InternetGatewayDevice.DeviceInfo.SerialNumber</string>"
                + "<string>InternetGatewayDevice.LANDevice.1.WLANConfiguration.</string></ParameterNames>"
                + "</cwmp:GetParameterValues>").body();
        assertThat(gpv.parameterList().getFirst().value()).isEqualTo(SN);
        assertThat(gpv.parameterList()).anySatisfy(p -> {
            assertThat(p.name()).isEqualTo(IGD + "LANDevice.1.WLANConfiguration.2.Channel");
            assertThat(p.value()).isEqualTo("36");
            assertThat(p.type()).isEqualTo("xsd:unsignedInt");
        });

        CwmpFault unknown = (CwmpFault) run("<cwmp:GetParameterValues><ParameterNames soapenc:arrayType=\"xsd:string[1]\">"
                + "<string>InternetGatewayDevice.Nope</string></ParameterNames></cwmp:GetParameterValues>").body();
        assertThat(unknown.faultCode()).isEqualTo(9005);

        SetParameterValuesResponse ok = (SetParameterValuesResponse) run(spv("key-1",
                pv(IGD + "LANDevice.1.WLANConfiguration.1.SSID", "xsd:string", "home"),
                pv(IGD + "LANDevice.1.WLANConfiguration.1.Channel", "xsd:unsignedInt", "11"))).body();
        assertThat(ok.status()).isZero();
        assertThat(fleet.cpe(SN).model().get(IGD + "LANDevice.1.WLANConfiguration.1.SSID")).isEqualTo("home");
        assertThat(fleet.cpe(SN).model().get(IGD + "ManagementServer.ParameterKey")).isEqualTo("key-1");

        CwmpFault bad = (CwmpFault) run(spv("key-2",
                pv(IGD + "DeviceInfo.SerialNumber", "xsd:string", "X"),
                pv(IGD + "LANDevice.1.WLANConfiguration.1.Channel", "xsd:unsignedInt", "-4"),
                pv(IGD + "LANDevice.1.WLANConfiguration.1.Nope", "xsd:string", "x"),
                pv(IGD + "LANDevice.1.WLANConfiguration.1.SSID", "xsd:string", "untouched"))).body();
        assertThat(bad.faultCode()).isEqualTo(9003);
        assertThat(bad.parameterFaults()).extracting(ParameterFault::parameterName, ParameterFault::faultCode)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(IGD + "DeviceInfo.SerialNumber", 9008),
                        org.assertj.core.groups.Tuple.tuple(IGD + "LANDevice.1.WLANConfiguration.1.Channel", 9007),
                        org.assertj.core.groups.Tuple.tuple(IGD + "LANDevice.1.WLANConfiguration.1.Nope", 9005));
        assertThat(fleet.cpe(SN).model().get(IGD + "LANDevice.1.WLANConfiguration.1.SSID")).isEqualTo("home");
        assertThat(fleet.cpe(SN).model().get(IGD + "ManagementServer.ParameterKey")).isEqualTo("key-1");
    }

    @Test
    void namesAttributesObjectsAndMethods() throws Exception {
        fleet = fleet().build();
        boot();
        GetParameterNamesResponse gpn = (GetParameterNamesResponse) run("<cwmp:GetParameterNames><ParameterPath>"
                + "InternetGatewayDevice.LANDevice.1.</ParameterPath><NextLevel>true</NextLevel></cwmp:GetParameterNames>")
                .body();
        assertThat(gpn.parameterList()).extracting(ParameterInfo::name).containsExactly(
                IGD + "LANDevice.1.LANHostConfigManagement.", IGD + "LANDevice.1.WLANConfiguration.",
                IGD + "LANDevice.1.Hosts.");
        assertThat(gpn.parameterList().get(1).writable()).isTrue();

        CwmpFault nextLevelOnParam = (CwmpFault) run("<cwmp:GetParameterNames><ParameterPath>"
                + "InternetGatewayDevice.DeviceInfo.SerialNumber</ParameterPath><NextLevel>1</NextLevel>"
                + "</cwmp:GetParameterNames>").body();
        assertThat(nextLevelOnParam.faultCode()).isEqualTo(9003);

        AddObjectResponse add = (AddObjectResponse) run("<cwmp:AddObject><ObjectName>"
                + "InternetGatewayDevice.LANDevice.1.WLANConfiguration.</ObjectName><ParameterKey>a1</ParameterKey>"
                + "</cwmp:AddObject>").body();
        assertThat(add.instanceNumber()).isEqualTo(3);
        assertThat(add.status()).isZero();
        CwmpFault addFixed = (CwmpFault) run("<cwmp:AddObject><ObjectName>InternetGatewayDevice.LANDevice.</ObjectName>"
                + "<ParameterKey></ParameterKey></cwmp:AddObject>").body();
        assertThat(addFixed.faultCode()).isEqualTo(9005);
        DeleteObjectResponse del = (DeleteObjectResponse) run("<cwmp:DeleteObject><ObjectName>"
                + "InternetGatewayDevice.LANDevice.1.WLANConfiguration.3.</ObjectName><ParameterKey>d1</ParameterKey>"
                + "</cwmp:DeleteObject>").body();
        assertThat(del.status()).isZero();
        CwmpFault delMissing = (CwmpFault) run("<cwmp:DeleteObject><ObjectName>"
                + "InternetGatewayDevice.LANDevice.1.WLANConfiguration.3.</ObjectName><ParameterKey>d2</ParameterKey>"
                + "</cwmp:DeleteObject>").body();
        assertThat(delMissing.faultCode()).isEqualTo(9005);

        run("<cwmp:SetParameterAttributes><ParameterList soapenc:arrayType=\"cwmp:SetParameterAttributesStruct[1]\">"
                + "<SetParameterAttributesStruct><Name>InternetGatewayDevice.LANDevice.1.WLANConfiguration.1.SSID</Name>"
                + "<NotificationChange>1</NotificationChange><Notification>2</Notification>"
                + "<AccessListChange>0</AccessListChange><AccessList soapenc:arrayType=\"xsd:string[0]\"/>"
                + "</SetParameterAttributesStruct></ParameterList></cwmp:SetParameterAttributes>");
        GetParameterAttributesResponse gpa = (GetParameterAttributesResponse) run("<cwmp:GetParameterAttributes>"
                + "<ParameterNames soapenc:arrayType=\"xsd:string[1]\"><string>"
                + "InternetGatewayDevice.LANDevice.1.WLANConfiguration.1.SSID</string></ParameterNames>"
                + "</cwmp:GetParameterAttributes>").body();
        assertThat(gpa.parameterList().getFirst().notification()).isEqualTo(2);
        CwmpFault rejected = (CwmpFault) run("<cwmp:SetParameterAttributes><ParameterList"
                + " soapenc:arrayType=\"cwmp:SetParameterAttributesStruct[1]\"><SetParameterAttributesStruct>"
                + "<Name>InternetGatewayDevice.DeviceInfo.UpTime</Name><NotificationChange>1</NotificationChange>"
                + "<Notification>2</Notification><AccessListChange>0</AccessListChange>"
                + "<AccessList soapenc:arrayType=\"xsd:string[0]\"/></SetParameterAttributesStruct></ParameterList>"
                + "</cwmp:SetParameterAttributes>").body();
        assertThat(rejected.faultCode()).isEqualTo(9009);

        GetRPCMethodsResponse methods = (GetRPCMethodsResponse) run("<cwmp:GetRPCMethods/>").body();
        assertThat(methods.methodList()).contains("GetParameterValues", "Download", "ChangeDUState");

        // the active notification set above: a change on the device opens a session with 4 VALUE CHANGE
        fleet.cpe(SN).changeLocally(IGD + "LANDevice.1.WLANConfiguration.1.SSID", "changed-on-device");
        Inform vc = acs.nextInform();
        assertThat(vc.events()).extracting(EventStruct::eventCode).containsExactly("4 VALUE CHANGE");
        assertThat(vc.parameter(IGD + "LANDevice.1.WLANConfiguration.1.SSID")).isEqualTo("changed-on-device");
    }

    @Test
    void rebootAndFactoryReset() throws Exception {
        fleet = fleet().build();
        boot();
        run("<cwmp:Reboot><CommandKey>rb-1</CommandKey></cwmp:Reboot>");
        Inform after = acs.nextInform();
        assertThat(after.events()).containsExactly(new EventStruct("M Reboot", "rb-1"), new EventStruct("1 BOOT", ""));

        fleet.cpe(SN).model().setAll(java.util.List.of(new io.coral.simulator.model.ParamSetting(
                IGD + "LANDevice.1.WLANConfiguration.1.SSID", "mine", null)));
        await().atMost(Duration.ofSeconds(10)).until(acs::idle);
        acs.queue(SN, "<cwmp:FactoryReset/>");
        connectionRequest(fleet.connectionRequestUrl(SN), SN, "coral");
        acs.nextInform();
        acs.nextCpeMessage();
        Inform reset = acs.nextInform();
        assertThat(reset.events()).extracting(EventStruct::eventCode).containsExactly("0 BOOTSTRAP", "1 BOOT");
        assertThat(fleet.cpe(SN).model().get(IGD + "LANDevice.1.WLANConfiguration.1.SSID")).isEqualTo("Coral-" + SN);
    }

    @Test
    void downloadThenTransferCompleteInANewSession() throws Exception {
        fleet = fleet().build();
        boot();
        byte[] image = "firmware".getBytes(StandardCharsets.UTF_8);
        acs.serve("coralgate-2.1.0.bin", image);
        DownloadResponse r = (DownloadResponse) run(download("dl-1", "1 Firmware Upgrade Image",
                acs.fileUrl("coralgate-2.1.0.bin"), image.length)).body();
        assertThat(r.status()).isEqualTo(1);
        Inform done = acs.nextInform();
        assertThat(done.events()).containsExactlyInAnyOrder(new EventStruct("7 TRANSFER COMPLETE", ""),
                new EventStruct("M Download", "dl-1"), new EventStruct("1 BOOT", ""));
        assertThat(done.parameter(IGD + "DeviceInfo.SoftwareVersion")).isEqualTo("2.1.0");
        TransferComplete tc = (TransferComplete) acs.nextCpeMessage().body();
        assertThat(tc.commandKey()).isEqualTo("dl-1");
        assertThat(tc.fault().faultCode()).isZero();

        // the ACS holds requests: the TransferComplete waits for a session where it may speak
        acs.holdRequests = true;
        run(download("dl-h", "3 Vendor Configuration File", acs.fileUrl("coralgate-2.1.0.bin"), 0));
        Inform held = acs.nextInform();
        assertThat(held.events()).contains(new EventStruct("M Download", "dl-h"));
        await().atMost(Duration.ofSeconds(10)).until(acs::idle);
        assertThat(acs.cpeMessages).isEmpty();
        acs.holdRequests = false;
        Inform again = acs.nextInform();
        assertThat(again.events()).contains(new EventStruct("M Download", "dl-h"));
        assertThat(((TransferComplete) acs.nextCpeMessage().body()).commandKey()).isEqualTo("dl-h");

        run(download("dl-2", "3 Vendor Configuration File", acs.fileUrl("missing.cfg"), 0));
        acs.nextInform();
        TransferComplete failed = (TransferComplete) acs.nextCpeMessage().body();
        assertThat(failed.commandKey()).isEqualTo("dl-2");
        assertThat(failed.fault().faultCode()).isEqualTo(9016);

        CwmpFault ftp = (CwmpFault) run(download("dl-3", "1 Firmware Upgrade Image", "ftp://x/y.bin", 0)).body();
        assertThat(ftp.faultCode()).isEqualTo(9013);
    }

    @Test
    void uploadScheduleInformQueuedTransfersAndDuStateChange() throws Exception {
        fleet = fleet().build();
        boot();
        run("<cwmp:Upload><CommandKey>up-1</CommandKey><FileType>1 Vendor Configuration File</FileType>"
                + "<URL>" + acs.fileUrl("upload") + "</URL><Username></Username><Password></Password>"
                + "<DelaySeconds>0</DelaySeconds></cwmp:Upload>");
        Inform up = acs.nextInform();
        assertThat(up.events()).contains(new EventStruct("M Upload", "up-1"));
        TransferComplete tc = (TransferComplete) acs.nextCpeMessage().body();
        assertThat(tc.fault().faultCode()).isZero();
        assertThat(new String(acs.uploads.getFirst(), StandardCharsets.UTF_8)).contains(IGD + "DeviceInfo.SerialNumber=" + SN);

        run(download("later", "3 Vendor Configuration File", acs.fileUrl("x.cfg"), 0).replace(
                "<DelaySeconds>0</DelaySeconds>", "<DelaySeconds>3600</DelaySeconds>"));
        GetAllQueuedTransfersResponse q = (GetAllQueuedTransfersResponse) run("<cwmp:GetAllQueuedTransfers/>").body();
        assertThat(q.transferList()).singleElement().satisfies(t -> assertThat(t.commandKey()).isEqualTo("later"));
        assertThat(run("<cwmp:CancelTransfer><CommandKey>later</CommandKey></cwmp:CancelTransfer>").body())
                .isNotInstanceOf(CwmpFault.class);
        assertThat(((CwmpFault) run("<cwmp:CancelTransfer><CommandKey>later</CommandKey></cwmp:CancelTransfer>").body())
                .faultCode()).isEqualTo(9021);

        acs.serve("app.cfg", "cfg".getBytes(StandardCharsets.UTF_8));
        run("<cwmp:ScheduleDownload><CommandKey>sd-1</CommandKey><FileType>3 Vendor Configuration File</FileType>"
                + "<URL>" + acs.fileUrl("app.cfg") + "</URL><Username></Username><Password></Password><FileSize>3</FileSize>"
                + "<TargetFileName></TargetFileName><TimeWindowList soapenc:arrayType=\"cwmp:TimeWindowStruct[1]\">"
                + "<TimeWindowStruct><WindowStart>0</WindowStart><WindowEnd>60</WindowEnd><WindowMode>1 At Any Time"
                + "</WindowMode><UserMessage></UserMessage><MaxRetries>0</MaxRetries></TimeWindowStruct></TimeWindowList>"
                + "</cwmp:ScheduleDownload>");
        Inform sd = acs.nextInform();
        assertThat(sd.events()).contains(new EventStruct("7 TRANSFER COMPLETE", ""), new EventStruct("M ScheduleDownload", "sd-1"));
        TransferComplete sdDone = (TransferComplete) acs.nextCpeMessage().body();
        assertThat(sdDone.commandKey()).isEqualTo("sd-1");
        assertThat(sdDone.fault().faultCode()).isZero();
        assertThat(((CwmpFault) run("<cwmp:ScheduleInform><DelaySeconds>0</DelaySeconds><CommandKey>x</CommandKey>"
                + "</cwmp:ScheduleInform>").body()).faultCode()).isEqualTo(9003);

        run("<cwmp:ScheduleInform><DelaySeconds>1</DelaySeconds><CommandKey>si-1</CommandKey></cwmp:ScheduleInform>");
        Inform scheduled = acs.nextInform();
        assertThat(scheduled.events()).containsExactly(new EventStruct("3 SCHEDULED", ""),
                new EventStruct("M ScheduleInform", "si-1"));

        run("<cwmp:ChangeDUState><Operations><InstallOpStruct><URL>http://example.invalid/app-1.2.tar</URL>"
                + "<UUID>u-1</UUID><Username></Username><Password></Password><ExecutionEnvRef></ExecutionEnvRef>"
                + "</InstallOpStruct></Operations><CommandKey>du-1</CommandKey></cwmp:ChangeDUState>");
        Inform du = acs.nextInform();
        assertThat(du.events()).contains(new EventStruct("11 DU STATE CHANGE COMPLETE", ""),
                new EventStruct("M ChangeDUState", "du-1"));
        DUStateChangeComplete dsc = (DUStateChangeComplete) acs.nextCpeMessage().body();
        assertThat(dsc.results()).singleElement().satisfies(o -> {
            assertThat(o.uuid()).isEqualTo("u-1");
            assertThat(o.version()).isEqualTo("1.2");
            assertThat(o.currentState()).isEqualTo("Installed");
        });
        assertThat(fleet.cpe(SN).model().get(IGD + "SoftwareModules.DeploymentUnit.1.UUID")).isEqualTo("u-1");
    }

    @Test
    void basicAndDigestAuthenticationTowardsTheAcs() throws Exception {
        acs.auth = TestAcs.Auth.DIGEST;
        acs.user = "${serial}".replace("${serial}", SN);
        acs.password = "pw-" + SN;
        fleet = fleet().acsCredentials("${serial}", "pw-${serial}").build();
        boot();
        assertThat(acs.unauthorized.get()).isPositive();
        GetRPCMethodsResponse m = (GetRPCMethodsResponse) run("<cwmp:GetRPCMethods/>").body();
        assertThat(m.methodList()).isNotEmpty();
        assertThat(acs.cookieViolations).isEmpty();
        fleet.close();

        acs.auth = TestAcs.Auth.BASIC;
        fleet = fleet().acsCredentials("${serial}", "pw-${serial}").build();
        boot();
        fleet.close();

        acs.password = "other";
        fleet = fleet().acsCredentials("${serial}", "pw-${serial}").build();
        fleet.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> fleet.stats().snapshot().errors().containsKey("http_401"));
    }

    @Test
    void autonomousTransferAndRequestDownload() throws Exception {
        fleet = fleet().build();
        boot();
        fleet.cpe(SN).autonomousTransferComplete("http://files.invalid/fw-3.0.bin", "1 Firmware Upgrade Image", 1024, 0, "");
        Inform atc = acs.nextInform();
        assertThat(atc.events()).extracting(EventStruct::eventCode).containsExactly("10 AUTONOMOUS TRANSFER COMPLETE");
        io.coral.cwmp.AutonomousTransferComplete a = (io.coral.cwmp.AutonomousTransferComplete) acs.nextCpeMessage().body();
        assertThat(a.transferUrl()).isEqualTo("http://files.invalid/fw-3.0.bin");
        assertThat(a.isDownload()).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(acs::idle);
        fleet.cpe(SN).requestDownload("1 Firmware Upgrade Image");
        assertThat(acs.nextInform().events()).extracting(EventStruct::eventCode).containsExactly("9 REQUEST DOWNLOAD");
        assertThat(((io.coral.cwmp.RequestDownload) acs.nextCpeMessage().body()).fileType()).isEqualTo("1 Firmware Upgrade Image");
    }

    @Test
    void aBrokenAcsIsCountedAndTheEventsWait() throws Exception {
        acs.brokenInforms = 200;
        fleet = fleet().build();
        fleet.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> fleet.stats().snapshot().errors().containsKey("bad_envelope"));
        assertThat(fleet.cpe(SN).pendingEvents()).extracting(EventStruct::eventCode).containsExactly("0 BOOTSTRAP", "1 BOOT");
        fleet.close();

        acs.brokenInforms = 503;
        fleet = fleet().build();
        fleet.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> fleet.stats().snapshot().errors().containsKey("http_503"));
        assertThat(fleet.cpe(SN).pendingEvents()).extracting(EventStruct::eventCode).contains("0 BOOTSTRAP");
        assertThat(acs.informs).isEmpty();
    }

    @Test
    void tr181ModelWorksToo() throws Exception {
        fleet = fleet().model(DataModel.load("tr181")).build();
        fleet.start();
        Inform first = acs.nextInform();
        assertThat(first.parameter("Device.ManagementServer.ConnectionRequestURL")).endsWith("/" + SN);
        assertThat(first.parameter("Device.RootDataModelVersion")).isEqualTo("2.16");
    }

    static String pv(String name, String type, String value) {
        return "<ParameterValueStruct><Name>" + name + "</Name><Value xsi:type=\"" + type + "\">" + value
                + "</Value></ParameterValueStruct>";
    }

    static String spv(String key, String... pvs) {
        return "<cwmp:SetParameterValues><ParameterList soapenc:arrayType=\"cwmp:ParameterValueStruct[" + pvs.length
                + "]\">" + String.join("", pvs) + "</ParameterList><ParameterKey>" + key + "</ParameterKey>"
                + "</cwmp:SetParameterValues>";
    }

    static String download(String key, String type, String url, long size) {
        return "<cwmp:Download><CommandKey>" + key + "</CommandKey><FileType>" + type + "</FileType><URL>" + url
                + "</URL><Username></Username><Password></Password><FileSize>" + size + "</FileSize>"
                + "<TargetFileName></TargetFileName><DelaySeconds>0</DelaySeconds><SuccessURL></SuccessURL>"
                + "<FailureURL></FailureURL></cwmp:Download>";
    }

    /** An ACS-side connection request with Digest, computed here independently of the simulator. */
    static int connectionRequest(String url, String user, String password) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI uri = URI.create(url);
        HttpResponse<Void> first = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding());
        if (first.statusCode() != 401) {
            return first.statusCode();
        }
        String h = first.headers().firstValue("WWW-Authenticate").orElseThrow();
        Matcher realm = Pattern.compile("realm=\"([^\"]*)\"").matcher(h);
        Matcher nonce = Pattern.compile("nonce=\"([^\"]*)\"").matcher(h);
        assertThat(realm.find() && nonce.find()).isTrue();
        String ha1 = TestAcs.md5(user + ":" + realm.group(1) + ":" + password);
        String ha2 = TestAcs.md5("GET:" + uri.getPath());
        String response = TestAcs.md5(ha1 + ":" + nonce.group(1) + ":00000001:abc:auth:" + ha2);
        String auth = "Digest username=\"" + user + "\", realm=\"" + realm.group(1) + "\", nonce=\"" + nonce.group(1)
                + "\", uri=\"" + uri.getPath() + "\", qop=auth, nc=00000001, cnonce=\"abc\", response=\"" + response + "\"";
        return http.send(HttpRequest.newBuilder(uri).header("Authorization", auth).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
