package io.jetway.provider;

import io.jetway.model.ResourceSnapshot;

import java.util.function.Consumer;

/**
 * A source of Kubernetes-shaped objects. It only produces immutable snapshots and knows nothing
 * of routing: each call of the sink replaces this provider's previous snapshot.
 */
public interface Provider extends AutoCloseable {

    /** A short name for logs, e.g. {@code file}. */
    String name();

    /** Emits the first snapshot before returning, then later ones from its own thread. */
    void start(Consumer<ResourceSnapshot> sink) throws Exception;

    @Override
    void close();
}
