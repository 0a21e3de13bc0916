package io.jetway.config;

import io.jetway.kube.LabelSelector;

import java.time.Duration;
import java.util.List;

/** The mutable side of the {@code providers.kubernetesingress.*} flags; any of them turns the provider on, as in Traefik. */
final class KubernetesIngressDraft {

    boolean enabled;
    String ingressClass = "";
    boolean allowExternalNameServices;
    boolean allowEmptyServices;
    boolean nativeLBByDefault;
    String labelSelector = "";
    List<String> namespaces = List.of();
    Duration throttleDuration = Duration.ZERO;
    String ip = "";
    String hostname = "";
    String publishedService = "";
    String endpoint = "";
    String token = "";
    String certAuthFilePath = "";

    static final String PREFIX = "providers.kubernetesingress";

    /** The flag rows; each option also enables the provider. */
    static List<FlagSpec> flags() {
        return List.of(
                FlagSpec.bool(PREFIX, false,
                        "Enable the Kubernetes Ingress provider (with the file provider: translate the Ingresses in its manifests)",
                        (draft, origin, value) -> draft.kubernetesIngress.enabled = Values.parseBoolean(value)),
                value("ingressclass", "NAME", "Handle only Ingresses of this class (IngressClass or kubernetes.io/ingress.class)",
                        (d, v) -> d.ingressClass = v),
                bool("allowexternalnameservices", "Allow Ingress backends that are Services of type ExternalName",
                        (d, v) -> d.allowExternalNameServices = v),
                bool("allowemptyservices", "Keep routers whose Services have no endpoints (they answer 503)",
                        (d, v) -> d.allowEmptyServices = v),
                bool("nativelbbydefault", "Use the Services' cluster IP as their one server unless service.nativelb says otherwise",
                        (d, v) -> d.nativeLBByDefault = v),
                value("labelselector", "SELECTOR", "Handle only Ingresses whose labels match this Kubernetes label selector",
                        (d, v) -> {
                            LabelSelector.parse(v);
                            d.labelSelector = v;
                        }),
                value("namespaces", "NS,...", "Handle only Ingresses in these namespaces (default: all)",
                        (d, v) -> d.namespaces = Values.parseList(v)),
                value("throttleduration", "DURATION", "0s", "Minimum time between two reloads caused by cluster events",
                        (d, v) -> d.throttleDuration = Values.parseDuration(v)),
                value("ingressendpoint.ip", "IP", "IP address written into the Ingresses' status",
                        (d, v) -> d.ip = v),
                value("ingressendpoint.hostname", "HOST", "Hostname written into the Ingresses' status",
                        (d, v) -> d.hostname = v),
                value("ingressendpoint.publishedservice", "NS/NAME",
                        "Service whose load-balancer address is copied into the Ingresses' status",
                        (d, v) -> {
                            if (v.split("/", -1).length != 2 || v.startsWith("/") || v.endsWith("/")) {
                                throw new IllegalArgumentException("expected namespace/name, got \"" + v + "\"");
                            }
                            d.publishedService = v;
                        }),
                value("endpoint", "URL", "Kubernetes API server URL (default: in-cluster or KUBECONFIG)",
                        (d, v) -> d.endpoint = v),
                value("token", "TOKEN", "Bearer token for the Kubernetes API server",
                        (d, v) -> d.token = v),
                value("certauthfilepath", "FILE", "CA certificate file for the Kubernetes API server",
                        (d, v) -> d.certAuthFilePath = v));
    }

    private interface Apply<T> {
        void apply(KubernetesIngressDraft draft, T value);
    }

    private static FlagSpec bool(String option, String description, Apply<Boolean> apply) {
        return FlagSpec.bool(PREFIX + "." + option, false, description, (draft, origin, value) -> {
            apply.apply(draft.kubernetesIngress, Values.parseBoolean(value));
            draft.kubernetesIngress.enabled = true;
        });
    }

    private static FlagSpec value(String option, String hint, String description, Apply<String> apply) {
        return value(option, hint, null, description, apply);
    }

    private static FlagSpec value(String option, String hint, String defaultText, String description, Apply<String> apply) {
        return FlagSpec.value(PREFIX + "." + option, hint, defaultText, description, (draft, origin, value) -> {
            apply.apply(draft.kubernetesIngress, value);
            draft.kubernetesIngress.enabled = true;
        });
    }

    KubernetesIngressConfig build() {
        return new KubernetesIngressConfig(enabled, ingressClass, allowExternalNameServices, allowEmptyServices,
                nativeLBByDefault, labelSelector, namespaces, throttleDuration,
                new KubernetesIngressConfig.IngressEndpoint(ip, hostname, publishedService), endpoint, token, certAuthFilePath);
    }
}
