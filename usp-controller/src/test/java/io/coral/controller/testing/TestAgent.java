package io.coral.controller.testing;

import com.google.protobuf.InvalidProtocolBufferException;
import io.coral.usp.proto.UspMsg14.Add;
import io.coral.usp.proto.UspMsg14.AddResp;
import io.coral.usp.proto.UspMsg14.Body;
import io.coral.usp.proto.UspMsg14.Delete;
import io.coral.usp.proto.UspMsg14.DeleteResp;
import io.coral.usp.proto.UspMsg14.Error;
import io.coral.usp.proto.UspMsg14.Get;
import io.coral.usp.proto.UspMsg14.GetInstancesResp;
import io.coral.usp.proto.UspMsg14.GetResp;
import io.coral.usp.proto.UspMsg14.GetSupportedDMResp;
import io.coral.usp.proto.UspMsg14.GetSupportedProtocolResp;
import io.coral.usp.proto.UspMsg14.Header;
import io.coral.usp.proto.UspMsg14.Header.MsgType;
import io.coral.usp.proto.UspMsg14.Msg;
import io.coral.usp.proto.UspMsg14.Notify;
import io.coral.usp.proto.UspMsg14.Operate;
import io.coral.usp.proto.UspMsg14.OperateResp;
import io.coral.usp.proto.UspMsg14.Request;
import io.coral.usp.proto.UspMsg14.Response;
import io.coral.usp.proto.UspMsg14.Set;
import io.coral.usp.proto.UspMsg14.SetResp;
import io.coral.usp.proto.UspRecord14.DisconnectRecord;
import io.coral.usp.proto.UspRecord14.MQTTConnectRecord;
import io.coral.usp.proto.UspRecord14.NoSessionContextRecord;
import io.coral.usp.proto.UspRecord14.Record;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.SocketFactory;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;

/**
 * A USP agent for tests, written on raw Paho (MQTT 5 or 3.1.1) and the generated protobuf classes
 * only: it does not use Coral's codec, records or MQTT helpers, so it checks them from the outside.
 * It serves a small TR-181 data model in memory and records what the controller sent it.
 */
public final class TestAgent implements AutoCloseable {
    public static final String MANUFACTURER = "Coral Test Labs";
    public static final String MODEL = "TA-1";
    public static final String SOFTWARE = "1.0.0";
    private static final String INFO = "Device.DeviceInfo.";
    private static final String SUBS = "Device.LocalAgent.Subscription.";

    private final String brokerUrl;
    private final String endpointId;
    private final String agentTopic;
    private final String controllerId;
    private final String controllerTopic;
    private final boolean v5;
    private final Map<String, String> params = new ConcurrentSkipListMap<>();
    private final java.util.Set<String> readOnly = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final AtomicInteger nextSub = new AtomicInteger(1);
    /** Every request Msg received, in order. */
    public final List<Msg> requests = new CopyOnWriteArrayList<>();
    /** Every NotifyResp / Error answering our Notifies. */
    public final BlockingQueue<Msg> notifyResponses = new LinkedBlockingQueue<>();
    /** Records that were not requests nor answers to our Notifies (e.g. record errors). */
    public final BlockingQueue<Msg> otherMessages = new LinkedBlockingQueue<>();
    private final java.util.concurrent.ExecutorService sender = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "test-agent-sender");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean silent;
    private volatile int holdCount;
    private final List<Pending> held = new ArrayList<>();
    private MqttAsyncClient client5;
    private javax.net.ssl.SSLSocketFactory tls;
    private String username;
    private String password;
    private org.eclipse.paho.client.mqttv3.MqttAsyncClient client3;

    private record Pending(Msg response, String replyTo) {}

    public TestAgent(String brokerUrl, String endpointId, String controllerId, String controllerTopic, boolean v5) {
        this.brokerUrl = brokerUrl;
        this.endpointId = endpointId;
        this.agentTopic = "usp/agent/" + endpointId;
        this.controllerId = controllerId;
        this.controllerTopic = controllerTopic;
        this.v5 = v5;
        params.put(INFO + "Manufacturer", MANUFACTURER);
        params.put(INFO + "ModelName", MODEL);
        params.put(INFO + "SoftwareVersion", SOFTWARE);
        params.put(INFO + "ProductClass", "TestBox");
        params.put(INFO + "ManufacturerOUI", "00256D");
        params.put(INFO + "SerialNumber", endpointId);
        params.put(INFO + "UpTime", "42");
        params.put("Device.WiFi.SSID.1.SSID", "coral");
        params.put("Device.WiFi.SSID.1.Enable", "true");
        readOnly.add(INFO + "UpTime");
        readOnly.add(INFO + "SerialNumber");
    }

    /** Connect over TLS ({@code ssl://} URL) with a username and password (MQTT 5 only). */
    public TestAgent secure(javax.net.ssl.SSLSocketFactory tls, String username, String password) {
        this.tls = tls;
        this.username = username;
        this.password = password;
        return this;
    }

    public String endpointId() { return endpointId; }
    public String topic() { return agentTopic; }
    public Map<String, String> params() { return params; }

    /** Ignore requests (no answer at all) while true. */
    public void silent(boolean s) { silent = s; }

    /** Hold the next {@code n} responses and send them all, in reverse order, once the n-th is ready. */
    public synchronized void holdAndReverse(int n) {
        holdCount = n;
        held.clear();
    }

    /** Connects, subscribes to its topic and sends the MQTTConnectRecord. */
    public TestAgent connect() throws Exception {
        connectMqtt();
        sendConnectRecord();
        return this;
    }

    public void connectMqtt() throws Exception {
        SocketFactory noDelay = new SocketFactory() {
            private final SocketFactory d = SocketFactory.getDefault();
            private Socket nd(Socket s) throws java.io.IOException { s.setTcpNoDelay(true); return s; }
            @Override public Socket createSocket() throws java.io.IOException { return nd(d.createSocket()); }
            @Override public Socket createSocket(String h, int p) throws java.io.IOException { return nd(d.createSocket(h, p)); }
            @Override public Socket createSocket(String h, int p, java.net.InetAddress l, int lp) throws java.io.IOException { return nd(d.createSocket(h, p, l, lp)); }
            @Override public Socket createSocket(java.net.InetAddress h, int p) throws java.io.IOException { return nd(d.createSocket(h, p)); }
            @Override public Socket createSocket(java.net.InetAddress h, int p, java.net.InetAddress l, int lp) throws java.io.IOException { return nd(d.createSocket(h, p, l, lp)); }
        };
        if (v5) {
            client5 = new MqttAsyncClient(brokerUrl, endpointId, new MemoryPersistence());
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setCleanStart(true);
            o.setSocketFactory(tls != null ? tls : noDelay);
            if (username != null) {
                o.setUserName(username);
                o.setPassword(password.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            o.setUserProperties(List.of(new UserProperty("usp-endpoint-id", endpointId)));
            client5.setCallback(new org.eclipse.paho.mqttv5.client.MqttCallback() {
                @Override public void disconnected(MqttDisconnectResponse r) { }
                @Override public void mqttErrorOccurred(MqttException e) { }
                @Override public void messageArrived(String topic, MqttMessage m) {
                    String ct = m.getProperties() == null ? null : m.getProperties().getContentType();
                    if (!"usp.msg".equals(ct)) {
                        otherMessages.add(Msg.newBuilder().setHeader(Header.newBuilder().setMsgId("bad-content-type:" + ct)).build());
                    }
                    onRecord(m.getPayload(), m.getProperties() == null ? null : m.getProperties().getResponseTopic());
                }
                @Override public void deliveryComplete(IMqttToken t) { }
                @Override public void connectComplete(boolean r, String u) { }
                @Override public void authPacketArrived(int c, MqttProperties p) { }
            });
            client5.connect(o).waitForCompletion(10_000);
            client5.subscribe(agentTopic, 1).waitForCompletion(10_000);
        } else {
            client3 = new org.eclipse.paho.client.mqttv3.MqttAsyncClient(brokerUrl, endpointId,
                    new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
            MqttConnectOptions o = new MqttConnectOptions();
            o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
            o.setCleanSession(true);
            o.setSocketFactory(noDelay);
            o.setMaxInflight(1000);
            client3.setCallback(new MqttCallback() {
                @Override public void connectionLost(Throwable cause) { }
                @Override public void messageArrived(String topic, org.eclipse.paho.client.mqttv3.MqttMessage m) {
                    int i = topic.lastIndexOf("/reply-to=");
                    String replyTo = i < 0 ? null : topic.substring(i + "/reply-to=".length()).replace("%2F", "/");
                    onRecord(m.getPayload(), replyTo);
                }
                @Override public void deliveryComplete(IMqttDeliveryToken t) { }
            });
            client3.connect(o).waitForCompletion(10_000);
            client3.subscribe(agentTopic + "/#", 1).waitForCompletion(10_000);
        }
    }

    public void sendConnectRecord() throws Exception {
        Record r = base().setMqttConnect(MQTTConnectRecord.newBuilder()
                .setVersion(v5 ? MQTTConnectRecord.MQTTVersion.V5 : MQTTConnectRecord.MQTTVersion.V3_1_1)
                .setSubscribedTopic(agentTopic)).build();
        publish(controllerTopic, r.toByteArray());
    }

    /** Sends a DisconnectRecord (acknowledged by the broker), then closes the MQTT connection. */
    public void disconnect() throws Exception {
        publishRaw(base().setDisconnect(DisconnectRecord.newBuilder().setReason("test").setReasonCode(0)).build().toByteArray());
        closeMqtt();
    }

    /** Drops the MQTT connection without any USP record (as a crash would). */
    public void closeMqtt() {
        if (client5 != null) {
            MqttAsyncClient c = client5;
            client5 = null;
            try {
                c.disconnect(500).waitForCompletion(10_000);
            } catch (Exception e) {
                try {
                    c.disconnectForcibly(0, 1000, false);
                } catch (Exception ignored) {
                    // already gone
                }
            }
            try {
                c.close(true);
            } catch (Exception ignored) {
                // closing a dead client
            }
        }
        if (client3 != null) {
            org.eclipse.paho.client.mqttv3.MqttAsyncClient c = client3;
            client3 = null;
            try {
                c.disconnect(500).waitForCompletion(10_000);
            } catch (Exception e) {
                try {
                    c.disconnectForcibly(0, 1000);
                } catch (Exception ignored) {
                    // already gone
                }
            }
            try {
                c.close(true);
            } catch (Exception ignored) {
                // closing a dead client
            }
        }
    }

    public void sendNotify(String msgId, String subscriptionId, boolean sendResp, Notify.Builder notification) throws Exception {
        Msg msg = Msg.newBuilder()
                .setHeader(Header.newBuilder().setMsgId(msgId).setMsgType(MsgType.NOTIFY))
                .setBody(Body.newBuilder().setRequest(Request.newBuilder()
                        .setNotify(notification.setSubscriptionId(subscriptionId).setSendResp(sendResp))))
                .build();
        sendMsg(controllerTopic, msg);
    }

    public void sendBoot(String msgId, boolean sendResp) throws Exception {
        sendNotify(msgId, "coral-boot", sendResp, Notify.newBuilder().setEvent(Notify.Event.newBuilder()
                .setObjPath("Device.").setEventName("Boot!")
                .putParams("CommandKey", "").putParams("Cause", "LocalReboot").putParams("FirmwareUpdated", "false")
                .putParams("ParameterMap", "{\"Device.DeviceInfo.SoftwareVersion\":\"" + params.get(INFO + "SoftwareVersion") + "\"}")));
    }

    /** Publishes raw bytes on the controller topic (fuzzing), waiting for the broker's PUBACK. */
    public void publishRaw(byte[] payload) throws Exception {
        sender.submit(() -> {
            publishNow(controllerTopic, payload);
            return null;
        }).get(20, java.util.concurrent.TimeUnit.SECONDS);
    }

    public void sendMsg(String topic, Msg msg) throws Exception {
        publish(topic, base().setNoSessionContext(NoSessionContextRecord.newBuilder().setPayload(msg.toByteString())).build().toByteArray());
    }

    private Record.Builder base() {
        return Record.newBuilder().setVersion("1.3").setToId(controllerId).setFromId(endpointId)
                .setPayloadSecurity(Record.PayloadSecurity.PLAINTEXT);
    }

    /** Publishes in order on the agent's sender thread, one at a time, each acknowledged by the broker. */
    private void publish(String topic, byte[] payload) {
        sender.execute(() -> {
            try {
                publishNow(topic, payload);
            } catch (Exception e) {
                otherMessages.add(Msg.newBuilder().setHeader(Header.newBuilder().setMsgId("publish-failed:" + e)).build());
            }
        });
    }

    private void publishNow(String topic, byte[] payload) throws Exception {
        // Paho counts a QoS 1 publish in flight until its callback thread has processed the PUBACK; when that
        // thread is busy with arrivals the count lags and publish refuses (32202): retry for a while.
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            try {
                publishOnce(topic, payload);
                return;
            } catch (MqttException | org.eclipse.paho.client.mqttv3.MqttException e) {
                int code = e instanceof MqttException m ? m.getReasonCode()
                        : ((org.eclipse.paho.client.mqttv3.MqttException) e).getReasonCode();
                if (code != 32202 || System.nanoTime() > deadline) {
                    throw e;
                }
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
            }
        }
    }

    private void publishOnce(String topic, byte[] payload) throws MqttException, org.eclipse.paho.client.mqttv3.MqttException {
        if (v5) {
            MqttMessage m = new MqttMessage(payload);
            m.setQos(1);
            MqttProperties p = new MqttProperties();
            p.setContentType("usp.msg");
            p.setResponseTopic(agentTopic);
            m.setProperties(p);
            client5.publish(topic, m).waitForCompletion(10_000);
        } else {
            org.eclipse.paho.client.mqttv3.MqttMessage m = new org.eclipse.paho.client.mqttv3.MqttMessage(payload);
            m.setQos(1);
            client3.publish(topic + "/reply-to=" + agentTopic.replace("/", "%2F"), m).waitForCompletion(10_000);
        }
    }

    private void onRecord(byte[] bytes, String replyTo) {
        try {
            Record r = Record.parseFrom(bytes);
            if (!r.getToId().equals(endpointId) || !r.hasNoSessionContext()) {
                return;
            }
            Msg msg = Msg.parseFrom(r.getNoSessionContext().getPayload());
            if (msg.getBody().hasRequest()) {
                requests.add(msg);
                if (silent) {
                    return;
                }
                Msg resp = answer(msg);
                if (resp != null) {
                    respond(resp, replyTo);
                }
            } else if (msg.getBody().hasResponse() && msg.getBody().getResponse().hasNotifyResp()) {
                notifyResponses.add(msg);
            } else {
                otherMessages.add(msg);
            }
        } catch (InvalidProtocolBufferException e) {
            otherMessages.add(Msg.newBuilder().setHeader(Header.newBuilder().setMsgId("unparseable")).build());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void respond(Msg resp, String replyTo) throws Exception {
        String topic = replyTo == null ? controllerTopic : replyTo;
        List<Pending> flush = null;
        synchronized (this) {
            if (holdCount > 0) {
                held.add(new Pending(resp, topic));
                if (held.size() < holdCount) {
                    return;
                }
                flush = new ArrayList<>(held);
                java.util.Collections.reverse(flush);
                held.clear();
                holdCount = 0;
            }
        }
        if (flush == null) {
            sendMsg(topic, resp);
        } else {
            for (Pending p : flush) {
                sendMsg(p.replyTo(), p.response());
            }
        }
    }

    private static Msg response(Msg req, MsgType type, Response.Builder body) {
        return Msg.newBuilder().setHeader(Header.newBuilder().setMsgId(req.getHeader().getMsgId()).setMsgType(type))
                .setBody(Body.newBuilder().setResponse(body)).build();
    }

    private static Msg error(Msg req, int code, String message, Error.ParamError... errs) {
        Error.Builder e = Error.newBuilder().setErrCode(code).setErrMsg(message);
        for (Error.ParamError pe : errs) {
            e.addParamErrs(pe);
        }
        return Msg.newBuilder().setHeader(Header.newBuilder().setMsgId(req.getHeader().getMsgId()).setMsgType(MsgType.ERROR))
                .setBody(Body.newBuilder().setError(e)).build();
    }

    private Msg answer(Msg req) {
        Request r = req.getBody().getRequest();
        switch (r.getReqTypeCase()) {
            case GET -> { return response(req, MsgType.GET_RESP, Response.newBuilder().setGetResp(get(r.getGet()))); }
            case SET -> { return set(req, r.getSet()); }
            case ADD -> { return response(req, MsgType.ADD_RESP, Response.newBuilder().setAddResp(add(r.getAdd()))); }
            case DELETE -> { return response(req, MsgType.DELETE_RESP, Response.newBuilder().setDeleteResp(delete(r.getDelete()))); }
            case OPERATE -> {
                Operate op = r.getOperate();
                if (!op.getSendResp()) {
                    return null;
                }
                OperateResp.OperationResult.Builder res = OperateResp.OperationResult.newBuilder().setExecutedCommand(op.getCommand());
                if (op.getCommand().equals("Device.Reboot()")) {
                    res.setReqOutputArgs(OperateResp.OperationResult.OutputArgs.getDefaultInstance());
                } else if (op.getCommand().endsWith("Ping()")) {
                    res.setReqOutputArgs(OperateResp.OperationResult.OutputArgs.newBuilder()
                            .putOutputArgs("Status", "Complete").putOutputArgs("Host", op.getInputArgsOrDefault("Host", "")));
                } else {
                    res.setCmdFailure(OperateResp.OperationResult.CommandFailure.newBuilder().setErrCode(7022).setErrMsg("unknown command"));
                }
                return response(req, MsgType.OPERATE_RESP, Response.newBuilder().setOperateResp(OperateResp.newBuilder().addOperationResults(res)));
            }
            case GET_SUPPORTED_DM -> {
                GetSupportedDMResp.Builder b = GetSupportedDMResp.newBuilder();
                for (String path : r.getGetSupportedDm().getObjPathsList()) {
                    GetSupportedDMResp.SupportedObjectResult.Builder obj = GetSupportedDMResp.SupportedObjectResult.newBuilder()
                            .setSupportedObjPath(INFO).setAccess(GetSupportedDMResp.ObjAccessType.OBJ_READ_ONLY);
                    if (r.getGetSupportedDm().getReturnParams()) {
                        obj.addSupportedParams(GetSupportedDMResp.SupportedParamResult.newBuilder().setParamName("Manufacturer")
                                .setAccess(GetSupportedDMResp.ParamAccessType.PARAM_READ_ONLY)
                                .setValueType(GetSupportedDMResp.ParamValueType.PARAM_STRING));
                    }
                    b.addReqObjResults(GetSupportedDMResp.RequestedObjectResult.newBuilder().setReqObjPath(path)
                            .setDataModelInstUri("urn:broadband-forum-org:tr-181-2-18-0").addSupportedObjs(obj));
                }
                return response(req, MsgType.GET_SUPPORTED_DM_RESP, Response.newBuilder().setGetSupportedDmResp(b));
            }
            case GET_INSTANCES -> {
                GetInstancesResp.Builder b = GetInstancesResp.newBuilder();
                for (String path : r.getGetInstances().getObjPathsList()) {
                    GetInstancesResp.RequestedPathResult.Builder rp = GetInstancesResp.RequestedPathResult.newBuilder().setRequestedPath(path);
                    java.util.Set<String> seen = new java.util.TreeSet<>();
                    for (String p : params.keySet()) {
                        if (p.startsWith(path)) {
                            String rest = p.substring(path.length());
                            int dot = rest.indexOf('.');
                            if (dot > 0 && rest.substring(0, dot).chars().allMatch(Character::isDigit)) {
                                seen.add(path + rest.substring(0, dot + 1));
                            }
                        }
                    }
                    for (String inst : seen) {
                        rp.addCurrInsts(GetInstancesResp.CurrInstance.newBuilder().setInstantiatedObjPath(inst));
                    }
                    b.addReqPathResults(rp);
                }
                return response(req, MsgType.GET_INSTANCES_RESP, Response.newBuilder().setGetInstancesResp(b));
            }
            case GET_SUPPORTED_PROTOCOL -> {
                return response(req, MsgType.GET_SUPPORTED_PROTO_RESP, Response.newBuilder().setGetSupportedProtocolResp(
                        GetSupportedProtocolResp.newBuilder().setAgentSupportedProtocolVersions("1.3,1.4")));
            }
            default -> { return error(req, 7001, "not supported by the test agent"); }
        }
    }

    private GetResp get(Get g) {
        GetResp.Builder b = GetResp.newBuilder();
        for (String path : g.getParamPathsList()) {
            GetResp.RequestedPathResult.Builder rp = GetResp.RequestedPathResult.newBuilder().setRequestedPath(path);
            Map<String, Map<String, String>> byObject = new TreeMap<>();
            for (Map.Entry<String, String> e : params.entrySet()) {
                String p = e.getKey();
                if (path.endsWith(".") ? p.startsWith(path) : p.equals(path)) {
                    int dot = p.lastIndexOf('.');
                    byObject.computeIfAbsent(p.substring(0, dot + 1), k -> new TreeMap<>()).put(p.substring(dot + 1), e.getValue());
                }
            }
            if (byObject.isEmpty() && !path.startsWith(SUBS)) {
                rp.setErrCode(7026).setErrMsg("invalid path " + path);
            }
            byObject.forEach((obj, values) ->
                    rp.addResolvedPathResults(GetResp.ResolvedPathResult.newBuilder().setResolvedPath(obj).putAllResultParams(values)));
            b.addReqPathResults(rp);
        }
        return b.build();
    }

    private Msg set(Msg req, Set s) {
        List<Error.ParamError> errs = new ArrayList<>();
        for (Set.UpdateObject o : s.getUpdateObjsList()) {
            for (Set.UpdateParamSetting ps : o.getParamSettingsList()) {
                String path = o.getObjPath() + ps.getParam();
                if (readOnly.contains(path)) {
                    errs.add(Error.ParamError.newBuilder().setParamPath(path).setErrCode(7013).setErrMsg("not writable").build());
                } else if (!params.containsKey(path)) {
                    errs.add(Error.ParamError.newBuilder().setParamPath(path).setErrCode(7010).setErrMsg("unsupported").build());
                }
            }
        }
        if (!errs.isEmpty()) {
            return error(req, 7004, "invalid arguments", errs.toArray(Error.ParamError[]::new));
        }
        SetResp.Builder b = SetResp.newBuilder();
        for (Set.UpdateObject o : s.getUpdateObjsList()) {
            SetResp.UpdatedInstanceResult.Builder ir = SetResp.UpdatedInstanceResult.newBuilder().setAffectedPath(o.getObjPath());
            for (Set.UpdateParamSetting ps : o.getParamSettingsList()) {
                params.put(o.getObjPath() + ps.getParam(), ps.getValue());
                ir.putUpdatedParams(ps.getParam(), ps.getValue());
            }
            b.addUpdatedObjResults(SetResp.UpdatedObjectResult.newBuilder().setRequestedPath(o.getObjPath())
                    .setOperStatus(SetResp.UpdatedObjectResult.OperationStatus.newBuilder().setOperSuccess(
                            SetResp.UpdatedObjectResult.OperationStatus.OperationSuccess.newBuilder().addUpdatedInstResults(ir))));
        }
        return response(req, MsgType.SET_RESP, Response.newBuilder().setSetResp(b));
    }

    private AddResp add(Add a) {
        AddResp.Builder b = AddResp.newBuilder();
        for (Add.CreateObject o : a.getCreateObjsList()) {
            int n = o.getObjPath().equals(SUBS) ? nextSub.getAndIncrement() : 1 + (int) params.keySet().stream()
                    .filter(p -> p.startsWith(o.getObjPath())).map(p -> p.substring(o.getObjPath().length()).split("\\.")[0]).distinct().count();
            String inst = o.getObjPath() + n + ".";
            Map<String, String> keys = new TreeMap<>();
            for (Add.CreateParamSetting ps : o.getParamSettingsList()) {
                params.put(inst + ps.getParam(), ps.getValue());
                if (ps.getParam().equals("ID") || ps.getParam().equals("Alias")) {
                    keys.put(ps.getParam(), ps.getValue());
                }
            }
            b.addCreatedObjResults(AddResp.CreatedObjectResult.newBuilder().setRequestedPath(o.getObjPath())
                    .setOperStatus(AddResp.CreatedObjectResult.OperationStatus.newBuilder().setOperSuccess(
                            AddResp.CreatedObjectResult.OperationStatus.OperationSuccess.newBuilder()
                                    .setInstantiatedPath(inst).putAllUniqueKeys(keys))));
        }
        return b.build();
    }

    private DeleteResp delete(Delete d) {
        DeleteResp.Builder b = DeleteResp.newBuilder();
        for (String path : d.getObjPathsList()) {
            boolean existed = params.keySet().removeIf(p -> p.startsWith(path));
            var success = DeleteResp.DeletedObjectResult.OperationStatus.OperationSuccess.newBuilder();
            if (existed) {
                success.addAffectedPaths(path);
            }
            b.addDeletedObjResults(DeleteResp.DeletedObjectResult.newBuilder().setRequestedPath(path)
                    .setOperStatus(DeleteResp.DeletedObjectResult.OperationStatus.newBuilder().setOperSuccess(success)));
        }
        return b.build();
    }

    /** The subscriptions the controller created on this agent: instance path → ID. */
    public Map<String, String> subscriptionIds() {
        Map<String, String> out = new TreeMap<>();
        params.forEach((k, v) -> {
            if (k.startsWith(SUBS) && k.endsWith(".ID")) {
                out.put(k.substring(0, k.length() - 2), v);
            }
        });
        return out;
    }

    @Override
    public void close() throws Exception {
        sender.submit(() -> null).get(20, java.util.concurrent.TimeUnit.SECONDS);
        closeMqtt();
    }
}
