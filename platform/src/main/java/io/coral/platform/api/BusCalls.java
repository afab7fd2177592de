package io.coral.platform.api;

import io.coral.bus.Bus;
import io.coral.bus.NoResponderException;
import io.coral.bus.RequestTimeoutException;
import io.coral.platform.http.ApiException;
import io.coral.platform.metrics.PlatformMetrics;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Bus request/reply for the API: timed for the metrics, with bus failures turned into API errors. */
final class BusCalls {
    private final Bus bus;
    private final PlatformMetrics metrics;

    BusCalls(Bus bus, PlatformMetrics metrics) {
        this.bus = bus;
        this.metrics = metrics;
    }

    <R> R request(String kind, String subject, Object payload, Class<R> replyType, Duration timeout) {
        long start = System.nanoTime();
        String outcome = "ok";
        try {
            // the bus future always completes by itself within the timeout; the extra second only guards a broken bus
            return bus.request(subject, payload, replyType, timeout).get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof NoResponderException) {
                outcome = "no_responder";
                throw ApiException.unavailable("no " + serviceName(kind) + " is running to answer " + subject);
            }
            if (cause instanceof RequestTimeoutException) {
                outcome = "timeout";
                throw new ApiException(504, "timeout", "no answer from the " + serviceName(kind) + " within " + timeout.toMillis() + " ms");
            }
            outcome = "error";
            throw new ApiException(502, "bus_error", "bus request on " + subject + " failed: " + cause.getMessage());
        } catch (TimeoutException e) {
            outcome = "timeout";
            throw new ApiException(504, "timeout", "no answer from the " + serviceName(kind) + " within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = "error";
            throw new ApiException(503, "unavailable", "interrupted while waiting for the " + serviceName(kind));
        } finally {
            if (metrics != null) {
                metrics.apiBusRequest(kind, outcome, System.nanoTime() - start);
            }
        }
    }

    private static String serviceName(String kind) {
        return switch (kind) {
            case "cwmp" -> "ACS (role acs)";
            case "usp" -> "USP controller (role usp)";
            case "scripts" -> "script engine (role scripts)";
            default -> kind + " service";
        };
    }
}
