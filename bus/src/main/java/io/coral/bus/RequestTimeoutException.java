package io.coral.bus;

/** No reply arrived within the request's timeout. */
public class RequestTimeoutException extends BusException {
    public RequestTimeoutException(String subject, java.time.Duration timeout) {
        super("no reply on " + subject + " within " + timeout.toMillis() + " ms");
    }
}
