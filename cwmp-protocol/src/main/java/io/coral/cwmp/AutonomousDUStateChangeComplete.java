package io.coral.cwmp;

import java.util.List;

/** AutonomousDUStateChangeComplete: DU changes the CPE made on its own. */
public record AutonomousDUStateChangeComplete(List<OpResult> results) implements CpeRequest {
    public AutonomousDUStateChangeComplete {
        results = Strings.list(results);
    }
}
