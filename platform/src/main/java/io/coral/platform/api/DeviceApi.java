package io.coral.platform.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coral.platform.http.ApiException;
import io.coral.platform.http.ApiRequest;
import io.coral.platform.http.ApiResponse;
import io.coral.platform.http.Router;
import io.coral.store.Device;
import io.coral.store.DeviceQuery;
import io.coral.store.Page;
import io.coral.store.Parameter;
import io.coral.store.Store;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Devices from the store: list with filters and paging, one device, delete, alias, stored parameters. */
final class DeviceApi {
    static final int DEFAULT_SIZE = 50;
    static final int MAX_SIZE = 500;
    static final int MAX_PAGE = 1_000_000;
    static final Set<String> SORT_FIELDS = Set.of("sn", "alias", "vendor", "model", "version", "product_class", "status",
            "last_contact", "created");

    private final Store store;

    DeviceApi(ApiContext ctx) {
        this.store = ctx.store();
    }

    void register(Router r) {
        r.get("/api/devices", this::list);
        r.get("/api/devices/{sn}", this::get);
        r.delete("/api/devices/{sn}", this::delete);
        r.put("/api/devices/{sn}/alias", this::alias);
        r.get("/api/devices/{sn}/parameters", this::parameters);
    }

    private Object list(ApiRequest req) {
        int page = req.intQuery("page", 1, 1, MAX_PAGE);
        int size = req.intQuery("size", DEFAULT_SIZE, 1, Integer.MAX_VALUE);
        size = Math.min(size, MAX_SIZE);
        String sort = req.query("sort");
        if (sort == null) {
            sort = "sn";
        }
        String field = sort.startsWith("-") || sort.startsWith("+") ? sort.substring(1) : sort;
        if (!SORT_FIELDS.contains(field)) {
            throw ApiException.badRequest("sort must be one of " + String.join(", ", SORT_FIELDS.stream().sorted().toList())
                    + " (prefix '-' for descending), got '" + sort + "'");
        }
        if (sort.startsWith("+")) {
            sort = field;
        }
        DeviceQuery q = new DeviceQuery(status(req.query("status")), req.query("vendor"), req.query("model"),
                protocol(req.query("protocol")), req.query("q"), sort, page - 1, size);
        Page<Device> result = store.devices().query(q);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", result.items().stream().map(Views::device).toList());
        body.put("page", page);
        body.put("size", size);
        body.put("total", result.total());
        return body;
    }

    static Integer status(String s) {
        if (s == null) {
            return null;
        }
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "0", "offline" -> 0;
            case "1", "associating" -> 1;
            case "2", "online" -> 2;
            default -> throw ApiException.badRequest("status must be offline, associating or online (or 0, 1, 2), got '" + s + "'");
        };
    }

    static String protocol(String p) {
        if (p == null) {
            return null;
        }
        String lower = p.toLowerCase(Locale.ROOT);
        if (!lower.equals("cwmp") && !lower.equals("usp")) {
            throw ApiException.badRequest("protocol must be cwmp or usp, got '" + p + "'");
        }
        return lower;
    }

    /** The device named by sn, USP endpoint id or alias; 404 when unknown. */
    static Device find(Store store, String id) {
        return store.devices().findByAnyId(id).orElseThrow(() -> ApiException.notFound("no device '" + id + "'"));
    }

    private Object get(ApiRequest req) {
        return Views.device(find(store, req.param("sn")));
    }

    private Object delete(ApiRequest req) {
        Device d = find(store, req.param("sn"));
        if (!store.devices().delete(d.sn())) {
            throw ApiException.notFound("no device '" + req.param("sn") + "'");
        }
        return ApiResponse.noContent();
    }

    private Object alias(ApiRequest req) {
        ObjectNode body = req.json();
        JsonNode alias = body.get("alias");
        if (alias == null || !(alias.isTextual() || alias.isNull())) {
            throw ApiException.badRequest("body must be {\"alias\": \"<text>\"} (null or \"\" clears it)");
        }
        String value = alias.isNull() || alias.asText().isBlank() ? null : alias.asText().trim();
        if (value != null && value.length() > 200) {
            throw ApiException.badRequest("alias is longer than 200 characters");
        }
        Device d = find(store, req.param("sn"));
        store.devices().setAlias(d.sn(), value);
        return Views.device(find(store, d.sn()));
    }

    private Object parameters(ApiRequest req) {
        Device d = find(store, req.param("sn"));
        String prefix = req.query("prefix");
        List<Parameter> params = store.parameters().find(d.sn(), prefix == null ? "" : prefix);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sn", d.sn());
        body.put("prefix", prefix == null ? "" : prefix);
        body.put("items", params.stream().map(Views::parameter).toList());
        body.put("total", params.size());
        return body;
    }
}
