package io.jetway.server.entry;

import io.jetway.net.ShortReadEndPoint;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.internal.HttpConnection;

/** HTTP/1.1 connections that keep the entry point's respondingTimeouts ({@link TimedHttpConnection}). */
public final class TimedHttpConnectionFactory extends HttpConnectionFactory {

    private final ClientDeadlines deadlines;

    public TimedHttpConnectionFactory(HttpConfiguration configuration, ClientDeadlines deadlines) {
        super(configuration);
        this.deadlines = deadlines;
    }

    @Override
    public Connection newConnection(Connector connector, EndPoint endPoint) {
        ShortReadEndPoint network = deadlines.any() ? ClientDeadlines.networkEndPoint(endPoint) : null;
        HttpConnection connection = network == null
                ? new HttpConnection(getHttpConfiguration(), connector, endPoint)
                : new TimedHttpConnection(getHttpConfiguration(), connector, endPoint, network, deadlines);
        connection.setUseInputDirectByteBuffers(isUseInputDirectByteBuffers());
        connection.setUseOutputDirectByteBuffers(isUseOutputDirectByteBuffers());
        return configure(connection, connector, endPoint);
    }
}
