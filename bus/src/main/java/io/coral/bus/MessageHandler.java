package io.coral.bus;

@FunctionalInterface
public interface MessageHandler {
    /** Called on a virtual thread; may block. An exception is logged and the message dropped. */
    void onMessage(Message message) throws Exception;
}
