package io.coral.acs.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import org.eclipse.jetty.io.Content;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/**
 * Reads a request body (Jetty already undoes chunked transfer coding), inflating gzip/deflate content, and
 * refuses more than the limit, counted after inflation so a small compressed bomb is refused too.
 */
final class BodyReader {

    static final class TooLarge extends Exception {
        TooLarge(String message) {
            super(message);
        }
    }

    static final class BadEncoding extends Exception {
        BadEncoding(String message) {
            super(message);
        }
    }

    private BodyReader() {}

    static byte[] read(Request request, long max) throws TooLarge, BadEncoding, IOException {
        long declared = request.getLength();
        if (declared > max) {
            throw new TooLarge("Content-Length " + declared + " exceeds " + max);
        }
        String encoding = request.getHeaders().get(HttpHeader.CONTENT_ENCODING);
        if (encoding == null) {
            return plain(request, max);
        }
        InputStream in = Request.asInputStream(request);
        switch (encoding.trim().toLowerCase(Locale.ROOT)) {
            case "gzip", "x-gzip" -> in = gzip(in);
            case "deflate" -> in = new InflaterInputStream(in);
            case "identity", "" -> { }
            default -> throw new BadEncoding("unsupported Content-Encoding " + encoding);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 4096);
        byte[] buf = new byte[8192];
        long total = 0;
        try (InputStream body = in) {
            int n;
            while ((n = body.read(buf)) > 0) {
                total += n;
                if (total > max) {
                    throw new TooLarge("body exceeds " + max + " bytes");
                }
                out.write(buf, 0, n);
            }
        } catch (java.util.zip.ZipException e) {
            throw new BadEncoding("corrupt " + encoding + " body: " + e.getMessage());
        }
        return out.toByteArray();
    }

    /** No content coding: Jetty gathers the chunks into one array of the final size (no stream, no extra copy). */
    private static byte[] plain(Request request, long max) throws TooLarge, IOException {
        int limit = (int) Math.min(max, Integer.MAX_VALUE - 8);
        try {
            return Content.Source.asByteArrayAsync(request, limit).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading the body", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IllegalArgumentException || e.getCause() instanceof IllegalStateException) {
                throw new TooLarge("body exceeds " + max + " bytes");
            }
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    private static InputStream gzip(InputStream in) throws BadEncoding, IOException {
        try {
            return new GZIPInputStream(in, 8192);
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new BadEncoding("corrupt gzip body: " + e.getMessage());
        }
    }
}
