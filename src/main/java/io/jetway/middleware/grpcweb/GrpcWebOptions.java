package io.jetway.middleware.grpcweb;

import io.jetway.kube.Node;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code grpcWeb} middleware's options.
 *
 * @param allowOrigins the origins whose browsers may call ({@code *} for any; none by default)
 */
public record GrpcWebOptions(List<String> allowOrigins) {

    public static GrpcWebOptions from(Node options) {
        List<String> origins = new ArrayList<>();
        for (Node origin : options.get("allowOrigins").list()) {
            origins.add(origin.requiredString());
        }
        return new GrpcWebOptions(List.copyOf(origins));
    }
}
