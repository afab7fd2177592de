package io.coral.store.mongo;

import static io.coral.store.mongo.Bsons.instant;
import static io.coral.store.mongo.Bsons.intOr;
import static io.coral.store.mongo.Bsons.putIfSet;
import static io.coral.store.mongo.Bsons.sub;

import io.coral.store.Device;
import org.bson.Document;

/**
 * Device ⇄ document. {@code _id} is the serial number (the primary key lookups use), {@code sn} repeats it
 * under a unique index. Field names are snake_case as in the REST API.
 */
final class DeviceCodec {

    static final String ID = "_id";
    static final String SN = "sn";
    static final String MODEL = "model";
    static final String VENDOR = "vendor";
    static final String VERSION = "version";
    static final String PRODUCT_CLASS = "product_class";
    static final String OUI = "oui";
    static final String ALIAS = "alias";
    static final String STATUS = "status";
    static final String DATA_MODEL = "data_model";
    static final String CWMP = "cwmp";
    static final String USP = "usp";
    static final String LAST_CONTACT = "last_contact";
    static final String CREATED = "created";

    static final String CWMP_STATUS = "status";
    static final String CR_URL = "connection_request_url";
    static final String CR_USERNAME = "connection_request_username";
    static final String CR_PASSWORD = "connection_request_password";
    static final String PERIODIC_INTERVAL = "periodic_inform_interval_sec";
    static final String CWMP_VERSION = "cwmp_version";
    static final String IP_ADDRESS = "ip_address";
    static final String LAST_INFORM = "last_inform";

    static final String USP_STATUS = "status";
    static final String ENDPOINT_ID = "endpoint_id";
    static final String REPLY_TOPIC = "reply_topic";
    static final String MQTT_VERSION = "mqtt_version";
    static final String LAST_SEEN = "last_seen";

    private DeviceCodec() {}

    static Document toDocument(Device d) {
        Document doc = new Document(ID, d.sn()).append(SN, d.sn());
        putIfSet(doc, MODEL, d.model());
        putIfSet(doc, VENDOR, d.vendor());
        putIfSet(doc, VERSION, d.version());
        putIfSet(doc, PRODUCT_CLASS, d.productClass());
        putIfSet(doc, OUI, d.oui());
        putIfSet(doc, ALIAS, d.alias());
        doc.put(STATUS, d.status());
        putIfSet(doc, DATA_MODEL, d.dataModel());
        putIfSet(doc, CWMP, d.cwmp() == null ? null : cwmpToDocument(d.cwmp()));
        putIfSet(doc, USP, d.usp() == null ? null : uspToDocument(d.usp()));
        putIfSet(doc, LAST_CONTACT, d.lastContact());
        putIfSet(doc, CREATED, d.created());
        return doc;
    }

    static Document cwmpToDocument(Device.CwmpInfo c) {
        Document doc = new Document(CWMP_STATUS, c.status());
        putIfSet(doc, CR_URL, c.connectionRequestUrl());
        putIfSet(doc, CR_USERNAME, c.connectionRequestUsername());
        putIfSet(doc, CR_PASSWORD, c.connectionRequestPassword());
        doc.put(PERIODIC_INTERVAL, c.periodicInformIntervalSec());
        putIfSet(doc, CWMP_VERSION, c.cwmpVersion());
        putIfSet(doc, IP_ADDRESS, c.ipAddress());
        putIfSet(doc, LAST_INFORM, c.lastInform());
        return doc;
    }

    static Document uspToDocument(Device.UspInfo u) {
        Document doc = new Document(USP_STATUS, u.status());
        putIfSet(doc, ENDPOINT_ID, u.endpointId());
        putIfSet(doc, REPLY_TOPIC, u.replyTopic());
        putIfSet(doc, MQTT_VERSION, u.mqttVersion());
        putIfSet(doc, LAST_SEEN, u.lastSeen());
        return doc;
    }

    static Device fromDocument(Document doc) {
        Document cwmp = sub(doc, CWMP);
        Document usp = sub(doc, USP);
        return new Device(
                doc.getString(SN) != null ? doc.getString(SN) : doc.getString(ID),
                doc.getString(MODEL),
                doc.getString(VENDOR),
                doc.getString(VERSION),
                doc.getString(PRODUCT_CLASS),
                doc.getString(OUI),
                doc.getString(ALIAS),
                intOr(doc, STATUS, 0),
                doc.getString(DATA_MODEL),
                cwmp == null ? null : cwmpFromDocument(cwmp),
                usp == null ? null : uspFromDocument(usp),
                instant(doc, LAST_CONTACT),
                instant(doc, CREATED));
    }

    static Device.CwmpInfo cwmpFromDocument(Document c) {
        return new Device.CwmpInfo(
                intOr(c, CWMP_STATUS, 0),
                c.getString(CR_URL),
                c.getString(CR_USERNAME),
                c.getString(CR_PASSWORD),
                Bsons.longOr(c, PERIODIC_INTERVAL, 0),
                c.getString(CWMP_VERSION),
                c.getString(IP_ADDRESS),
                instant(c, LAST_INFORM));
    }

    static Device.UspInfo uspFromDocument(Document u) {
        return new Device.UspInfo(
                intOr(u, USP_STATUS, 0),
                u.getString(ENDPOINT_ID),
                u.getString(REPLY_TOPIC),
                u.getString(MQTT_VERSION),
                instant(u, LAST_SEEN));
    }
}
