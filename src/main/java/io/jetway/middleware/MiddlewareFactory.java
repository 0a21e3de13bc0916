package io.jetway.middleware;

import io.jetway.kube.Node;
import jakarta.servlet.Filter;

/**
 * Builds one kind of middleware from its options as written under the kind's key in the
 * Middleware manifest. A bad option throws {@link Node.InvalidFieldException} naming the field
 * (Node's accessors do so for wrong types); the builder turns it into the middleware's error.
 */
@FunctionalInterface
public interface MiddlewareFactory {

    Filter create(Node options, MiddlewareContext context);
}
