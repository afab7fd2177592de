package io.coral.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

public interface DeviceRepository {

    /**
     * Inserts or updates identity fields (null arguments leave a field as it is) and the CWMP side.
     * Returns true if the device was created by this call (first sight).
     */
    boolean upsertCwmp(String sn, String oui, String productClass, String vendor, String model, String version,
            String dataModel, Device.CwmpInfo cwmp);

    /** Same for the USP side. Returns true if the device was created by this call. */
    boolean upsertUsp(String sn, String vendor, String model, String version, String productClass, String dataModel,
            Device.UspInfo usp);

    Optional<Device> find(String sn);

    /** Look-up by sn, then by USP endpoint id, then by alias. */
    Optional<Device> findByAnyId(String id);

    Page<Device> query(DeviceQuery query);

    /**
     * Sets one protocol's status ("cwmp" or "usp") and recomputes overall status (the max of the protocols').
     * Returns the previous protocol status, or -1 if there is no such device.
     */
    int setStatus(String sn, String protocol, int status);

    /**
     * {@link #setStatus} and, in the same write, last contact moved forward to {@code contact}: a device heard from
     * now is never both online and silent in the store (a sweep in between would mark it offline again).
     */
    int setStatus(String sn, String protocol, int status, Instant contact);

    /**
     * Marks the CWMP side offline only if the device's last contact is still {@code lastContactSeen} (what the sweep
     * read; null for none): a device that informed since is left as it is. Returns the previous CWMP status, or -1
     * when nothing was changed (no such device, or heard from since).
     */
    int markCwmpOfflineIfSilent(String sn, Instant lastContactSeen);

    /**
     * Batched last-contact updates (the ACS coalesces them): sn → time. Does not create devices.
     */
    void touchAll(Map<String, Instant> lastContacts);

    /**
     * CWMP devices whose protocol status is not offline and whose last inform is older than their own
     * periodic inform interval plus {@code graceSec} at {@code now}.
     */
    List<Device> findCwmpOverdue(Instant now, long graceSec, int limit);

    /** Every device with the protocol's status not offline ("cwmp" or "usp"). */
    List<Device> findOnline(String protocol, int limit);

    boolean setAlias(String sn, String alias);

    boolean setModel(String sn, String model);

    boolean setCwmpConnectionRequestCredentials(String sn, String username, String password);

    /** Deletes the device with its parameters and tasks. */
    boolean delete(String sn);

    long count();

    /**
     * Inserts or replaces whole devices by sn with bulk writes (imports, tests, benchmarks). A null
     * {@code created} is set to now.
     */
    void saveAll(java.util.Collection<Device> devices);
}
