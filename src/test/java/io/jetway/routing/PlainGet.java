package io.jetway.routing;

import io.jetway.routing.rule.RequestView;

import java.util.List;
import java.util.Map;

/** A GET without headers, query or body, from 127.0.0.1: what routing tests ask the table. */
public record PlainGet(String host, String routingPath) implements RequestView {

    @Override
    public String method() {
        return "GET";
    }

    @Override
    public List<String> headers(String name) {
        return List.of();
    }

    @Override
    public Map<String, List<String>> queryParameters() {
        return Map.of();
    }

    @Override
    public String remoteAddress() {
        return "127.0.0.1";
    }
}
