package io.jetway.server.proxy;

import io.jetway.net.ShortReadEndPoint;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ManagedSelector;
import org.eclipse.jetty.io.Transport;

import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Map;

/** The backend client's connector: TCP connections get end points that skip the read after a short read. */
final class BackendClientConnector extends ClientConnector {

    @Override
    protected EndPoint newEndPoint(SelectableChannel selectable, ManagedSelector selector, SelectionKey key) {
        @SuppressWarnings("unchecked")
        Map<String, Object> context = (Map<String, Object>) key.attachment();
        if (selectable instanceof SocketChannel channel && context.get(Transport.class.getName()) == Transport.TCP_IP) {
            return new ShortReadEndPoint(channel, selector, key, getScheduler());
        }
        return super.newEndPoint(selectable, selector, key);
    }
}
