package io.jetway.middleware.replacepath;

import io.jetway.kube.Node;

/** {@code replacePath}'s options: the path forwarded instead of the request's. */
public record ReplacePathOptions(String path) {

    /** @throws Node.InvalidFieldException when path is missing or empty */
    public static ReplacePathOptions from(Node options) {
        return new ReplacePathOptions(options.get("path").requiredString());
    }
}
