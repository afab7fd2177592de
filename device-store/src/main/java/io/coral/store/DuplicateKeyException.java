package io.coral.store;

/** A unique key (device sn, script name, …) already exists. */
public class DuplicateKeyException extends StoreException {
    public DuplicateKeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
