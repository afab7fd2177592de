package io.coral.platform.api;

import io.coral.platform.http.ApiException;
import io.coral.platform.http.ApiRequest;
import io.coral.platform.http.ApiResponse;
import io.coral.platform.http.Router;
import io.coral.store.Task;
import io.coral.store.TaskState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Durable device tasks: list (by device and state) and delete. */
final class TaskApi {
    private final ApiContext ctx;

    TaskApi(ApiContext ctx) {
        this.ctx = ctx;
    }

    void register(Router r) {
        r.get("/api/tasks", this::list);
        r.delete("/api/tasks/{id}", this::delete);
    }

    private Object list(ApiRequest req) {
        TaskState state = null;
        String s = req.query("state");
        if (s != null) {
            try {
                state = TaskState.valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("state must be queued, sent, done or fault, got '" + s + "'");
            }
        }
        String sn = req.query("sn");
        if (sn != null) {
            sn = ctx.store().devices().findByAnyId(sn).map(d -> d.sn()).orElse(sn);
        }
        int limit = req.intQuery("limit", 100, 1, 1000);
        List<Task> tasks = ctx.store().tasks().list(sn, state, limit);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", tasks.stream().map(Views::task).toList());
        body.put("total", tasks.size());
        return body;
    }

    private Object delete(ApiRequest req) {
        String id = req.param("id");
        if (!ctx.store().tasks().delete(id)) {
            throw ApiException.notFound("no task '" + id + "'");
        }
        return ApiResponse.noContent();
    }
}
