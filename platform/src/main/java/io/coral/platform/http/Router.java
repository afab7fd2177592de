package io.coral.platform.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Routes {@code METHOD /path/{param}} patterns to handlers. Path segments are URL-decoded one by one. */
public final class Router {

    public record Entry(String method, String pattern, Access access, Route route, String[] segments) {}

    public record Match(Entry entry, Map<String, String> params) {}

    private final List<Entry> entries = new ArrayList<>();

    public Router add(String method, String pattern, Access access, Route route) {
        entries.add(new Entry(method, pattern, access, route, split(pattern)));
        return this;
    }

    public Router get(String pattern, Route route) {
        return add("GET", pattern, Access.TOKEN, route);
    }

    public Router post(String pattern, Route route) {
        return add("POST", pattern, Access.TOKEN, route);
    }

    public Router put(String pattern, Route route) {
        return add("PUT", pattern, Access.TOKEN, route);
    }

    public Router delete(String pattern, Route route) {
        return add("DELETE", pattern, Access.TOKEN, route);
    }

    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** The matching route, or null. {@code allowed} receives the methods of routes whose path matched. */
    public Match match(String method, String rawPath, Set<String> allowed) {
        String[] segments = split(rawPath);
        for (Entry e : entries) {
            Map<String, String> params = matchPath(e.segments, segments);
            if (params == null) {
                continue;
            }
            if (e.method.equals(method) || (method.equals("HEAD") && e.method.equals("GET"))) {
                return new Match(e, params);
            }
            allowed.add(e.method);
        }
        return null;
    }

    public Set<String> methodsFor(String rawPath) {
        Set<String> out = new LinkedHashSet<>();
        match("\0", rawPath, out);
        return out;
    }

    private static Map<String, String> matchPath(String[] pattern, String[] path) {
        if (pattern.length != path.length) {
            return null;
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < pattern.length; i++) {
            String p = pattern[i];
            if (p.startsWith("{") && p.endsWith("}")) {
                String value = decode(path[i]);
                if (value == null || value.isEmpty()) {
                    return null;
                }
                params.put(p.substring(1, p.length() - 1), value);
            } else if (!p.equals(path[i])) {
                return null;
            }
        }
        return params;
    }

    private static String decode(String segment) {
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String[] split(String path) {
        String p = path;
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.isEmpty() ? new String[0] : p.split("/", -1);
    }
}
