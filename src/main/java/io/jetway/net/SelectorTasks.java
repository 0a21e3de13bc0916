package io.jetway.net;

import java.util.Set;

/**
 * Jetty's selector hands the making and the closing of an end point (an accepted or a connected
 * socket, a closed one) to a pool thread. For Jetway's connections these steps never block (they
 * set up buffers and interests, start a dial or close a peer), so they run on the thread that
 * hands them over: a connection then costs no thread hand-off before its first byte, which is most
 * of a short TCP connection's cost. Every other task (the selector's own loop among them) still
 * goes to the pool.
 */
public final class SelectorTasks {

    private static final Set<String> NON_BLOCKING = Set.of(
            "org.eclipse.jetty.io.ManagedSelector$Accept",
            "org.eclipse.jetty.io.ManagedSelector$CreateEndPoint",
            "org.eclipse.jetty.io.ManagedSelector$DestroyEndPoint");

    private SelectorTasks() {
    }

    /** The class names of the tasks run inline: a Jetty upgrade that renames one is caught by a test. */
    static Set<String> taskClassNames() {
        return NON_BLOCKING;
    }

    /** Whether a task a selector manager is asked to execute is one of the end point steps above. */
    public static boolean runsInline(Runnable task) {
        return NON_BLOCKING.contains(task.getClass().getName());
    }
}
