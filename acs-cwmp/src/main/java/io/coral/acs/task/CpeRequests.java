package io.coral.acs.task;

import com.fasterxml.jackson.databind.JsonNode;
import io.coral.bus.Bus;
import io.coral.bus.Json;
import io.coral.bus.event.TransferEvent;
import io.coral.cwmp.AcsResponse;
import io.coral.cwmp.AutonomousDUStateChangeComplete;
import io.coral.cwmp.AutonomousDUStateChangeCompleteResponse;
import io.coral.cwmp.AutonomousTransferComplete;
import io.coral.cwmp.AutonomousTransferCompleteResponse;
import io.coral.cwmp.CpeRequest;
import io.coral.cwmp.DUStateChangeComplete;
import io.coral.cwmp.DUStateChangeCompleteResponse;
import io.coral.cwmp.GetRPCMethods;
import io.coral.cwmp.GetRPCMethodsResponse;
import io.coral.cwmp.Inform;
import io.coral.cwmp.Kicked;
import io.coral.cwmp.KickedResponse;
import io.coral.cwmp.RequestDownload;
import io.coral.cwmp.RequestDownloadResponse;
import io.coral.cwmp.TransferComplete;
import io.coral.cwmp.TransferCompleteResponse;
import io.coral.store.Store;
import io.coral.store.Task;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the requests a CPE sends after its Inform. TransferComplete is matched by CommandKey to the task that
 * asked for the transfer and, like AutonomousTransferComplete, published as a {@link TransferEvent} before it is
 * acknowledged (the CPE forgets it once answered).
 */
public final class CpeRequests {

    private static final Logger LOG = LoggerFactory.getLogger(CpeRequests.class);

    /** The methods this ACS answers (GetRPCMethods from a CPE). */
    public static final List<String> ACS_METHODS = List.of("Inform", "GetRPCMethods", "TransferComplete",
            "AutonomousTransferComplete", "DUStateChangeComplete", "AutonomousDUStateChangeComplete",
            "RequestDownload", "Kicked");

    private final Store store;
    private final Bus bus;
    private final Clock clock;

    public CpeRequests(Store store, Bus bus, Clock clock) {
        this.store = store;
        this.bus = bus;
        this.clock = clock;
    }

    public AcsResponse answer(String sn, CpeRequest request) throws Exception {
        return switch (request) {
            case TransferComplete tc -> {
                transferComplete(sn, tc);
                yield new TransferCompleteResponse();
            }
            case AutonomousTransferComplete atc -> {
                publish(sn, new TransferEvent(sn, null, true, null, atc.fault().faultCode(),
                        atc.fault().faultString(), time(atc.startTime()), time(atc.completeTime()), atc.fileType(),
                        emptyToNull(atc.announceUrl()), emptyToNull(atc.transferUrl()), atc.isDownload(),
                        clock.instant()));
                yield new AutonomousTransferCompleteResponse();
            }
            case GetRPCMethods g -> new GetRPCMethodsResponse(ACS_METHODS);
            case RequestDownload rd -> {
                LOG.info("{} requests a download of file type '{}' ({} args)", sn, rd.fileType(),
                        rd.fileTypeArg().size());
                yield new RequestDownloadResponse();
            }
            case Kicked k -> new KickedResponse(k.next());
            case DUStateChangeComplete du -> {
                LOG.info("{}: DU state change complete for CommandKey '{}' ({} results)", sn, du.commandKey(),
                        du.results().size());
                yield new DUStateChangeCompleteResponse();
            }
            case AutonomousDUStateChangeComplete du -> {
                LOG.info("{}: autonomous DU state change ({} results)", sn, du.results().size());
                yield new AutonomousDUStateChangeCompleteResponse();
            }
            case Inform i -> throw new IllegalStateException("Inform is handled by the session");
        };
    }

    private void transferComplete(String sn, TransferComplete tc) throws Exception {
        String key = tc.commandKey();
        Optional<Task> task = key.isEmpty() ? Optional.empty() : store.tasks().findByCommandKey(sn, key);
        String fileType = null;
        Boolean isDownload = null;
        String url = null;
        if (task.isPresent()) {
            Task t = task.get();
            isDownload = switch (t.kind()) {
                case "Download", "ScheduleDownload" -> Boolean.TRUE;
                case "Upload" -> Boolean.FALSE;
                default -> null;
            };
            JsonNode args = Json.MAPPER.readTree(t.request()).path("args");
            fileType = args.path("file_type").asText(null);
            url = args.path("url").asText(null);
        }
        publish(sn, new TransferEvent(sn, key, false, task.map(Task::id).orElse(null), tc.fault().faultCode(),
                tc.fault().faultString(), time(tc.startTime()), time(tc.completeTime()), fileType, null, url,
                isDownload, clock.instant()));
    }

    private void publish(String sn, TransferEvent event) throws Exception {
        bus.publishEvent(bus.subjects().cwmpTransfer(sn), event).get(10, TimeUnit.SECONDS);
    }

    /** xsd:dateTime to an instant; the unknown time (year 1) and garbage are null. */
    static Instant time(String s) {
        if (s == null || s.isBlank() || s.startsWith("0001-")) {
            return null;
        }
        try {
            return OffsetDateTime.parse(s.trim()).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return java.time.LocalDateTime.parse(s.trim()).toInstant(java.time.ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
