package io.jetway.middleware.addprefix;

import io.jetway.kube.Node;

/** {@code addPrefix}'s options: the prefix put before every forwarded path. */
public record AddPrefixOptions(String prefix) {

    /** @throws Node.InvalidFieldException when prefix is missing or does not start with / */
    public static AddPrefixOptions from(Node options) {
        Node prefixNode = options.get("prefix");
        String prefix = prefixNode.requiredString();
        if (!prefix.startsWith("/")) {
            throw new Node.InvalidFieldException(prefixNode.path(), "must start with /, got \"" + prefix + "\"");
        }
        return new AddPrefixOptions(prefix);
    }
}
