package io.jetway.kube;

import java.util.Map;

/**
 * One Kubernetes-shaped object as a provider saw it: identity plus the whole document as
 * immutable maps and lists. Providers produce these; translators read them.
 *
 * @param source where it came from (e.g. {@code manifests/app.yaml:12}) for error messages
 */
public record KubeObject(String apiVersion, String kind, String namespace, String name,
                         Map<String, Object> document, String source) {

    public ObjectRef ref() {
        return new ObjectRef(kind, namespace, name);
    }

    /** The API group of {@link #apiVersion()}: {@code traefik.io} for {@code traefik.io/v1alpha1}, "" for {@code v1}. */
    public String group() {
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    /** A typed view of {@code spec}, with paths in its error messages. */
    public Node spec() {
        return Node.root(document).get("spec");
    }

    public Node root() {
        return Node.root(document);
    }
}
