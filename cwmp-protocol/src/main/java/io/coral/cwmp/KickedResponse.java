package io.coral.cwmp;

/** KickedResponse: the URL the CPE's browser goes to next. */
public record KickedResponse(String nextUrl) implements AcsResponse {
    public KickedResponse {
        nextUrl = Strings.orEmpty(nextUrl);
    }
}
