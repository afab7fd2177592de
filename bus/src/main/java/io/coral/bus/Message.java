package io.coral.bus;

/** A message received on a subscription. {@code replyTo} is null for plain publishes. */
public record Message(String subject, byte[] data, String replyTo) {

    public <T> T decode(Class<T> type) {
        return Json.decode(data, type);
    }
}
