package io.coral.bus.event;

import java.time.Instant;
import java.util.Map;

/**
 * A USP Notify on {@code events.usp.notify.<sn>}. {@code type} is Event, ValueChange, ObjectCreation,
 * ObjectDeletion, OperationComplete or OnBoardRequest; {@code notify} is the whole Notify in
 * protobuf JSON form.
 */
public record UspNotifyEvent(
        String sn,
        String type,
        String subscriptionId,
        String msgId,
        String path,
        String eventName,
        Map<String, String> params,
        String value,
        String notifyJson,
        Instant timestamp) {}
