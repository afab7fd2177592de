package io.coral.bus;

/** Nobody subscribes to the request's subject. */
public class NoResponderException extends BusException {
    public NoResponderException(String subject) {
        super("no responder on " + subject);
    }
}
