package io.coral.cwmp;

/**
 * OpResultStruct (DUStateChangeComplete) and AutonOpResultStruct (AutonomousDUStateChangeComplete, which also
 * carries {@code operationPerformed}: "Install", "Update" or "Uninstall"; null otherwise).
 */
public record OpResult(String uuid, String deploymentUnitRef, String version, String currentState, boolean resolved,
                       String executionUnitRefList, String startTime, String completeTime, FaultStruct fault,
                       String operationPerformed) {
    public OpResult {
        uuid = Strings.orEmpty(uuid);
        deploymentUnitRef = Strings.orEmpty(deploymentUnitRef);
        version = Strings.orEmpty(version);
        currentState = Strings.orEmpty(currentState);
        executionUnitRefList = Strings.orEmpty(executionUnitRefList);
        startTime = Strings.orEmpty(startTime);
        completeTime = Strings.orEmpty(completeTime);
        fault = fault == null ? FaultStruct.NONE : fault;
    }
}
