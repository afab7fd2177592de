package io.coral.cwmp;

/** RequestDownloadResponse (empty). */
public record RequestDownloadResponse() implements AcsResponse {
}
