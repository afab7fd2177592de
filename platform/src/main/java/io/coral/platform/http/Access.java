package io.coral.platform.http;

/** Who may call a route. */
public enum Access {
    /** No token needed (health). */
    PUBLIC,
    /** Any valid token. */
    TOKEN,
    /** An admin token; others get 403. */
    ADMIN
}
