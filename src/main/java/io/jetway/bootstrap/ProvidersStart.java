package io.jetway.bootstrap;

import org.eclipse.jetty.util.component.AbstractLifeCycle;

import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;

/**
 * The providers' first load (manifests read, translated, built and swapped in) on a thread of its
 * own, while the main thread finishes starting the servlet context (the proxy's backend client,
 * the filter, WebSocket): on a second core the two overlap. A bean of the server added after its
 * handler, so the server starts it once the context has started and before any connector (Jetty
 * starts connectors last): it waits for the load, so no connector accepts a request before the
 * first table is live, as when the load ran on the main thread, and what the load threw fails the
 * start as it did there.
 */
final class ProvidersStart extends AbstractLifeCycle implements Executor {

    private volatile FutureTask<Void> load;

    /** Runs {@code startProviders} on a new thread; called by the lifecycle listener while the context starts. */
    @Override
    public void execute(Runnable startProviders) {
        FutureTask<Void> task = new FutureTask<>(startProviders, null);
        load = task;
        Thread thread = new Thread(task, "jetway-start-providers");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    protected void doStart() throws Exception {
        FutureTask<Void> task = load;
        if (task != null) { // null when the context did not wire Jetway
            EmbeddedServer.await(task);
        }
    }
}
