package io.jetway.dynamic;

import io.jetway.kube.ObjectRef;

import java.util.Map;

/**
 * A TCP middleware: its Traefik type ({@code inFlightConn}, {@code ipAllowList}) and options as written
 * in the manifest ({@code ipWhiteList} arrives here as {@code ipAllowList}).
 */
public record TcpMiddlewareConfig(String name, String type, Map<String, Object> options, ObjectRef source) {
}
