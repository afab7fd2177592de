package io.coral.store;

/**
 * Filter, sort and page for listing devices. Null fields do not filter. {@code protocol} is "cwmp" or
 * "usp"; {@code text} matches sn, alias, model or vendor (case-insensitive substring). {@code sort}
 * is a field name, "-" prefixed for descending (e.g. "-last_contact"). {@code page} is 0-based.
 */
public record DeviceQuery(
        Integer status,
        String vendor,
        String model,
        String protocol,
        String text,
        String sort,
        int page,
        int size) {

    public static DeviceQuery all() {
        return new DeviceQuery(null, null, null, null, null, "sn", 0, 100);
    }
}
