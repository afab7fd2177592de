package io.coral.platform.config;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** What one platform process runs. The default is all of them in one JVM. */
public enum Role {
    ACS, USP, SCRIPTS, API;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses "acs,usp,scripts,api" (or "all"); throws IllegalArgumentException naming the bad entry. */
    public static Set<Role> parseList(String text) {
        EnumSet<Role> roles = EnumSet.noneOf(Role.class);
        for (String part : text.split(",")) {
            String p = part.trim().toLowerCase(Locale.ROOT);
            if (p.isEmpty()) {
                continue;
            }
            if (p.equals("all")) {
                roles.addAll(EnumSet.allOf(Role.class));
                continue;
            }
            try {
                roles.add(Role.valueOf(p.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown role '" + part.trim() + "' (roles are acs, usp, scripts, api or all)");
            }
        }
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("no role given (roles are acs, usp, scripts, api or all)");
        }
        return roles;
    }
}
