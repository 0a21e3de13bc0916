package io.jetway.server.entry;

import io.jetway.net.SelectorTasks;
import io.jetway.net.ShortReadEndPoint;
import org.eclipse.jetty.io.ManagedSelector;
import org.eclipse.jetty.io.SelectorManager;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.NanoTime;
import org.eclipse.jetty.util.thread.Scheduler;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * An entry point's connector: Jetty's, with end points that skip the system calls a short read makes
 * pointless, read ahead on the selector, and take the entry point's deadlines from the accept on.
 */
public final class JetwayServerConnector extends ServerConnector {

    /** Where Linux keeps the longest listen queue it grants. */
    private static final Path SOMAXCONN = Path.of("/proc/sys/net/core/somaxconn");
    /** Asked for when the system does not say: kernels cap a listen queue at their own maximum. */
    private static final int UNKNOWN_SYSTEM_MAXIMUM = 65535;

    private final ClientDeadlines deadlines;
    private final Duration shortestDeadline;
    private ShortReadEndPoint.ReadAhead readAhead;

    public JetwayServerConnector(Server server, int acceptors, int selectors, ClientDeadlines deadlines, ConnectionFactory... factories) {
        super(server, acceptors, selectors, factories);
        this.deadlines = deadlines;
        this.shortestDeadline = deadlines.shortest();
        if (deadlines.any()) {
            addBean(new ClientDeadlines.Http2Release());
        }
    }

    /**
     * The longest accept queue the system grants (Java's default is 50: a burst of connections
     * beyond it waits for SYN retries), as Go's listeners ask for.
     */
    public static int systemMaximumBacklog() {
        try {
            // By lines: Files.readString reads a /proc file of reported size 0 only to its first byte on JDK 17.
            int max = Integer.parseInt(Files.readAllLines(SOMAXCONN, StandardCharsets.US_ASCII).get(0).trim());
            return max > 0 ? max : UNKNOWN_SYSTEM_MAXIMUM;
        } catch (IOException | RuntimeException unknown) {
            return UNKNOWN_SYSTEM_MAXIMUM;
        }
    }

    @Override
    protected void doStart() throws Exception {
        readAhead = new ShortReadEndPoint.ReadAhead(getByteBufferPool(), getExecutor());
        super.doStart();
    }

    @Override
    protected SelectorManager newSelectorManager(Executor executor, Scheduler scheduler, int selectors) {
        return new InlineEndPointSteps(executor, scheduler, selectors);
    }

    /** Jetty's manager, making and closing end points on the thread that hands them over ({@link SelectorTasks}). */
    private final class InlineEndPointSteps extends ServerConnectorManager {
        InlineEndPointSteps(Executor executor, Scheduler scheduler, int selectors) {
            super(executor, scheduler, selectors);
        }

        @Override
        protected void execute(Runnable task) {
            if (SelectorTasks.runsInline(task)) {
                task.run();
            } else {
                super.execute(task);
            }
        }
    }

    @Override
    protected SocketChannelEndPoint newEndPoint(SocketChannel channel, ManagedSelector selector, SelectionKey key) {
        ShortReadEndPoint endPoint = new ShortReadEndPoint(channel, selector, key, getScheduler(), readAhead);
        if (deadlines.any()) {
            endPoint.takeDeadlines(shortestDeadline);
            if (deadlines.headNanos() > 0) {
                endPoint.deadline(NanoTime.now() + deadlines.headNanos(), ClientDeadlines.HEAD);
            }
        }
        endPoint.setIdleTimeout(getIdleTimeout());
        return endPoint;
    }
}
