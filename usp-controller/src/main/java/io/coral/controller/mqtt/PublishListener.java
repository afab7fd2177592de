package io.coral.controller.mqtt;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Frees a publish's slot in the in-flight window once the broker acknowledged it or the client failed it.
 * One class serves both Paho versions: their listener interfaces differ only in the token's type.
 */
final class PublishListener implements org.eclipse.paho.client.mqttv3.IMqttActionListener,
        org.eclipse.paho.mqttv5.client.MqttActionListener {
    private static final Logger log = LoggerFactory.getLogger(PublishListener.class);
    private final String topic;
    private final Runnable done;

    PublishListener(String topic, Runnable done) {
        this.topic = topic;
        this.done = done;
    }

    @Override
    public void onSuccess(org.eclipse.paho.client.mqttv3.IMqttToken token) {
        done.run();
    }

    @Override
    public void onSuccess(org.eclipse.paho.mqttv5.client.IMqttToken token) {
        done.run();
    }

    @Override
    public void onFailure(org.eclipse.paho.client.mqttv3.IMqttToken token, Throwable e) {
        failed(e);
    }

    @Override
    public void onFailure(org.eclipse.paho.mqttv5.client.IMqttToken token, Throwable e) {
        failed(e);
    }

    private void failed(Throwable e) {
        done.run();
        log.debug("publish to {} failed: {}", topic, String.valueOf(e));
    }
}
