package io.jetway.api;

import io.jetway.api.Representations.ApiError;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The query of a list endpoint, as Traefik reads it: {@code page} and {@code per_page} (default
 * 100) cut the sorted list, {@code X-Next-Page} names the next page (1 after the last);
 * {@code search} keeps names (and rules) containing it, {@code status} one status,
 * {@code serviceName} and {@code middlewareName} routers using them. Bad values are a 400.
 */
record ListQuery(int page, int perPage, String search, String status, String serviceName, String middlewareName) {

    static final String NEXT_PAGE = "X-Next-Page";
    private static final int DEFAULT_PER_PAGE = 100;
    private static final Set<String> STATUSES = Set.of("enabled", "disabled", "warning");

    static ListQuery parse(String page, String perPage, String search, String status, String serviceName,
                           String middlewareName) {
        if (status != null && !status.isEmpty() && !STATUSES.contains(status.toLowerCase(Locale.ROOT))) {
            throw badRequest("status: must be enabled, disabled or warning, got \"" + status + "\"");
        }
        return new ListQuery(positive("page", page, 1), positive("per_page", perPage, DEFAULT_PER_PAGE),
                emptyToNull(search), emptyToNull(status), emptyToNull(serviceName), emptyToNull(middlewareName));
    }

    private static int positive(String name, String value, int defaultValue) {
        if (value == null || value.isEmpty()) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw badRequest(name + ": must be a positive integer, got \"" + value + "\"");
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    static BadRequestException badRequest(String message) {
        return new BadRequestException(Response.status(400).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiError("invalid request: " + message)).build());
    }

    boolean statusMatches(String itemStatus) {
        return status == null || status.equalsIgnoreCase(itemStatus);
    }

    boolean searchMatches(String... values) {
        if (search == null) {
            return true;
        }
        String needle = search.toLowerCase(Locale.ROOT);
        for (String v : values) {
            if (v != null && v.toLowerCase(Locale.ROOT).contains(needle)) {
                return true;
            }
        }
        return false;
    }

    /** Traefik's serviceName filter: a qualified name must match exactly, a bare one by its name part. */
    boolean serviceMatches(String service) {
        if (serviceName == null) {
            return true;
        }
        if (service == null) {
            return false;
        }
        if (service.contains("@")) {
            return serviceName.equals(service);
        }
        int at = serviceName.indexOf('@');
        return (at < 0 ? serviceName : serviceName.substring(0, at)).equals(service);
    }

    boolean middlewareMatches(List<String> middlewares) {
        return middlewareName == null || (middlewares != null && middlewares.contains(middlewareName));
    }

    /** The page of the filtered items with the {@code X-Next-Page} header. */
    <T> Response page(List<T> all, Predicate<T> keep) {
        List<T> kept = all.stream().filter(keep).toList();
        long start = (long) (page - 1) * perPage;
        if (start != 0 && start >= kept.size()) {
            throw badRequest("page: " + page + ", per_page: " + perPage + " is past the last item (" + kept.size() + ")");
        }
        int end = (int) Math.min(start + perPage, kept.size());
        int next = (long) page * perPage < kept.size() ? page + 1 : 1;
        return Response.ok(kept.subList((int) start, end), MediaType.APPLICATION_JSON_TYPE)
                .header(NEXT_PAGE, next).build();
    }
}
