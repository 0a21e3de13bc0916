package io.jetway.middleware;

import io.jetway.service.ServiceHandler;
import jakarta.servlet.Filter;

import java.util.function.Supplier;

/** What a middleware being built may ask of the rest of the configuration. */
public interface MiddlewareContext {

    /** The middleware's qualified name, e.g. {@code default-auth@kubernetescrd}. */
    String name();

    /**
     * Another middleware by qualified name, for {@code chain}.
     *
     * @throws io.jetway.kube.Node.InvalidFieldException when it is missing, broken or part of a cycle
     */
    Filter middleware(String name, String field);

    /**
     * A service by qualified name, for middlewares that call one ({@code errors}).
     *
     * @throws io.jetway.kube.Node.InvalidFieldException when it is missing or broken
     */
    ServiceHandler service(String name, String field);

    /**
     * State that outlives a reload while this middleware's definition stays the same (rate-limit
     * buckets, circuit-breaker counters); a changed definition starts afresh.
     */
    <T> T state(String key, Supplier<T> initial);
}
