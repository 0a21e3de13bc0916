package io.jetway.dynamic;

import io.jetway.kube.ObjectRef;

import java.util.Map;

/**
 * A middleware: its Traefik type ({@code stripPrefix}, {@code basicAuth}, ...) and options as
 * written in the manifest. Middleware implementations interpret the options.
 */
public record MiddlewareConfig(String name, String type, Map<String, Object> options, ObjectRef source) {
}
