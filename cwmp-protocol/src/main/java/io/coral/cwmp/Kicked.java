package io.coral.cwmp;

/** Kicked (deprecated, still answered). */
public record Kicked(String command, String referer, String arg, String next) implements CpeRequest {
    public Kicked {
        command = Strings.orEmpty(command);
        referer = Strings.orEmpty(referer);
        arg = Strings.orEmpty(arg);
        next = Strings.orEmpty(next);
    }
}
