package io.jetway.routing;

import java.util.List;

/** What the API and logs say about a router after a build: enabled, warning or disabled, and why. */
public record RouterStatus(String name, String status, List<String> errors, List<String> warnings) {

    public static final String ENABLED = "enabled";
    public static final String WARNING = "warning";
    public static final String DISABLED = "disabled";

    public RouterStatus {
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
    }
}
