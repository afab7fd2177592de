package io.coral.acs;

/** How CPEs authenticate to the ACS. Basic sends the password in clear: use it only over HTTPS. */
public enum AuthMode {
    NONE, BASIC, DIGEST
}
