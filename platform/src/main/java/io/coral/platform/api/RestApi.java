package io.coral.platform.api;

import io.coral.platform.http.Router;

/** Every REST endpoint of the platform, registered on one router. */
public final class RestApi {
    private RestApi() {}

    public static Router router(ApiContext ctx) {
        Router r = new Router();
        new SystemApi(ctx).register(r);
        new DeviceApi(ctx).register(r);
        new CwmpApi(ctx).register(r);
        new UspApi(ctx).register(r);
        new TaskApi(ctx).register(r);
        new ScriptApi(ctx).register(r);
        new TokenApi(ctx).register(r);
        return r;
    }

    /** What a process without the api role serves on its HTTP port: health (no token) and metrics. */
    public static Router healthOnly(ApiContext ctx) {
        Router r = new Router();
        new SystemApi(ctx).registerHealthAndMetrics(r);
        return r;
    }
}
