package io.jetway.translate.crd;

import io.jetway.kube.Node;

/**
 * How IngressRouteTCP names its MiddlewareTCPs and ServersTransportTCPs, by Traefik's rules: a name
 * with {@code @} is taken as written (another provider's object), except {@code …@kubernetescrd}
 * without allowCrossNamespace, since that form could name any namespace; a plain name is
 * {@code normalize(namespace-name)} in the route's namespace or, with allowCrossNamespace, the one given.
 */
final class Layer4References {

    private static final String CROSS_NAMESPACE_OPTION = "providers.kubernetescrd.allowcrossnamespace";

    private Layer4References() {
    }

    /** A route's {@code middlewares[i]} entry: {@code {name, namespace}}. */
    static String middleware(Node ref, String ownerNamespace, CrdOptions options) {
        String name = ref.get("name").requiredString();
        if (name.contains("@")) {
            return crossProvider(ref.get("name"), name, options);
        }
        String namespace = ref.get("namespace").string("");
        namespace = namespace.isEmpty() ? ownerNamespace : namespace;
        if (!options.allowCrossNamespace() && !namespace.equals(ownerNamespace)) {
            throw new TranslationException(ref.path() + ": middleware " + namespace + "/" + name
                    + ": cross-namespace reference from namespace " + ownerNamespace + " is not allowed ("
                    + CROSS_NAMESPACE_OPTION + " is false)");
        }
        return CrdNames.qualify(CrdNames.objectKey(namespace, name));
    }

    /** A service's {@code serversTransport}: a name in the route's namespace, or null when unset. */
    static String serversTransport(Node field, String ownerNamespace, CrdOptions options) {
        String name = field.string("");
        if (name.isEmpty()) {
            return null;
        }
        if (name.contains("@")) {
            return crossProvider(field, name, options);
        }
        return CrdNames.qualify(CrdNames.objectKey(ownerNamespace, name));
    }

    private static String crossProvider(Node field, String name, CrdOptions options) {
        if (!options.allowCrossNamespace() && name.endsWith("@" + CrdNames.PROVIDER)) {
            throw new TranslationException(field.path() + ": \"" + name + "\": a reference to @" + CrdNames.PROVIDER
                    + " may name another namespace, which is not allowed (" + CROSS_NAMESPACE_OPTION + " is false)");
        }
        return name;
    }
}
