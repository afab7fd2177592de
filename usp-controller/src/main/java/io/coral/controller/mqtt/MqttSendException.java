package io.coral.controller.mqtt;

/** A Record could not be handed to the broker (not connected, window full for too long, client error). */
public class MqttSendException extends Exception {
    public MqttSendException(String message, Throwable cause) {
        super(message, cause);
    }
}
