package io.jetway.middleware.chain;

import io.jetway.kube.Node;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code chain}'s options: the middlewares it runs, in order, by qualified name
 * ({@code default-auth@kubernetescrd}; the translator qualifies them).
 */
public record ChainOptions(List<Member> middlewares) {

    /** One middleware of the chain, with the field that named it (for the error when it is missing or broken). */
    public record Member(String name, String field) {
    }

    public ChainOptions {
        middlewares = List.copyOf(middlewares);
    }

    /** @throws Node.InvalidFieldException naming an empty entry ({@code middlewares[1]}) */
    public static ChainOptions from(Node options) {
        List<Member> members = new ArrayList<>();
        for (Node name : options.get("middlewares").list()) {
            members.add(new Member(name.requiredString(), name.path()));
        }
        return new ChainOptions(members);
    }
}
