package io.coral.platform.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coral.bus.Json;
import io.coral.store.Token;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** A parsed API request: path parameters, query, body and the caller's token (null on public routes). */
public record ApiRequest(
        String method,
        String path,
        Map<String, String> pathParams,
        Map<String, List<String>> query,
        byte[] body,
        Token token) {

    public String param(String name) {
        return pathParams.get(name);
    }

    /** The last value of a query parameter, or null when absent or blank. */
    public String query(String name) {
        List<String> values = query.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        String v = values.get(values.size() - 1);
        return v == null || v.isBlank() ? null : v.trim();
    }

    /** An integer query parameter in [min, max]; bad numbers are a 400. */
    public int intQuery(String name, int defaultValue, int min, int max) {
        String v = query(name);
        if (v == null) {
            return defaultValue;
        }
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("query parameter '" + name + "' must be an integer, got '" + v + "'");
        }
        if (n < min || n > max) {
            throw ApiException.badRequest("query parameter '" + name + "' must be between " + min + " and " + max + ", got " + v);
        }
        return (int) n;
    }

    /** The body as a JSON object; anything else is a 400. */
    public ObjectNode json() {
        if (body == null || body.length == 0) {
            throw new ApiException(400, "invalid_json", "a JSON object body is required");
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new ApiException(400, "invalid_json", "body is not valid JSON: " + firstLine(e.getMessage()));
        }
        if (node == null || !node.isObject()) {
            throw new ApiException(400, "invalid_json", "body must be a JSON object");
        }
        return (ObjectNode) node;
    }

    /** The body as a JSON object, or an empty one when there is no body. */
    public ObjectNode jsonOrEmpty() {
        if (body == null || body.length == 0) {
            return Json.MAPPER.createObjectNode();
        }
        return json();
    }

    public boolean isAdmin() {
        return token != null && token.admin();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
