package io.jetway.translate.ingress;

import io.jetway.config.KubernetesIngressConfig;

import java.util.List;

/**
 * Options of the Kubernetes Ingress provider, with Traefik's names and defaults.
 *
 * @param ingressClass              when set, only Ingresses of this class are handled; when empty, Ingresses
 *                                  without a class (or of class {@code traefik}) are handled too
 * @param labelSelector             Kubernetes label selector the Ingresses must match; empty for all
 * @param namespaces                namespaces whose Ingresses are handled; empty for all
 */
public record IngressOptions(String ingressClass, boolean allowExternalNameServices, boolean allowEmptyServices,
                             boolean nativeLBByDefault, String labelSelector, List<String> namespaces) {

    public static final IngressOptions DEFAULTS = new IngressOptions("", false, false, false, "", List.of());

    public IngressOptions {
        ingressClass = ingressClass == null ? "" : ingressClass;
        labelSelector = labelSelector == null ? "" : labelSelector;
        namespaces = List.copyOf(namespaces);
    }

    /** The translator's options from the static flags; null when the provider is not enabled. */
    public static IngressOptions from(KubernetesIngressConfig config) {
        if (!config.enabled()) {
            return null;
        }
        return new IngressOptions(config.ingressClass(), config.allowExternalNameServices(), config.allowEmptyServices(),
                config.nativeLBByDefault(), config.labelSelector(), config.namespaces());
    }
}
