/**
 * TCP routing on the embedded server's entry points: {@link io.jetway.server.tcp.Layer4ConnectionFactory}
 * decides, per accepted connection and in Traefik's order, between a TCP router and the HTTP
 * connection factories; {@link io.jetway.server.tcp.TcpForwarder} connects the backend and joins
 * the two end points with a {@link io.jetway.server.tcp.Tunnel}.
 */
package io.jetway.server.tcp;
