/**
 * The compiled layer-4 part of a routing table: TCP routers per entry point in Traefik's order,
 * their middlewares and balancers, and the one UDP router of each UDP entry point. Built by
 * {@link io.jetway.routing.layer4.Layer4Builder} from {@link io.jetway.dynamic.Layer4Config};
 * the data plane ({@code server/tcp}, {@code server/udp}) only reads it.
 */
package io.jetway.routing.layer4;
