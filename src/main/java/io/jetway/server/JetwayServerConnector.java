package io.jetway.server;

import io.jetway.net.ShortReadEndPoint;
import org.eclipse.jetty.io.ManagedSelector;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/** An entry point's connector: Jetty's, with end points that skip the system calls a short read makes pointless, and read ahead on the selector. */
final class JetwayServerConnector extends ServerConnector {

    private ShortReadEndPoint.ReadAhead readAhead;

    JetwayServerConnector(Server server, int acceptors, int selectors, ConnectionFactory... factories) {
        super(server, acceptors, selectors, factories);
    }

    @Override
    protected void doStart() throws Exception {
        readAhead = new ShortReadEndPoint.ReadAhead(getByteBufferPool(), getExecutor());
        super.doStart();
    }

    @Override
    protected SocketChannelEndPoint newEndPoint(SocketChannel channel, ManagedSelector selector, SelectionKey key) {
        ShortReadEndPoint endPoint = new ShortReadEndPoint(channel, selector, key, getScheduler(), readAhead);
        endPoint.setIdleTimeout(getIdleTimeout());
        return endPoint;
    }
}
