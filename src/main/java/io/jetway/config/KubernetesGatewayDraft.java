package io.jetway.config;

import io.jetway.kube.LabelSelector;

import java.time.Duration;
import java.util.List;

/** The mutable side of the {@code providers.kubernetesgateway.*} flags; any of them turns the provider on, as in Traefik. */
final class KubernetesGatewayDraft {

    boolean enabled;
    boolean experimentalChannel;
    List<String> namespaces = List.of();
    String labelSelector = "";
    Duration throttleDuration = Duration.ZERO;
    boolean nativeLBByDefault;
    List<String> crossProviderNamespaces;
    String ip = "";
    String hostname = "";
    String serviceName = "";
    String serviceNamespace = "";
    String endpoint = "";
    String token = "";
    String certAuthFilePath = "";

    static final String PREFIX = "providers.kubernetesgateway";

    static List<FlagSpec> flags() {
        return List.of(
                FlagSpec.bool(PREFIX, false,
                        "Enable the Kubernetes Gateway API provider (with the file provider: translate the Gateway API objects in its manifests)",
                        (draft, origin, value) -> draft.kubernetesGateway.enabled = Values.parseBoolean(value)),
                bool("experimentalchannel", "Also read TCPRoutes and accept TCP listeners (the Gateway API's experimental channel)",
                        (d, v) -> d.experimentalChannel = v),
                value("namespaces", "NS,...", "Read Gateway API objects in these namespaces only (default: all)",
                        (d, v) -> d.namespaces = Values.parseList(v)),
                value("labelselector", "SELECTOR", "Handle only GatewayClasses whose labels match this Kubernetes label selector",
                        (d, v) -> {
                            LabelSelector.parse(v);
                            d.labelSelector = v;
                        }),
                value("throttleduration", "DURATION", "0s", "Minimum time between two reloads caused by cluster events",
                        (d, v) -> d.throttleDuration = Values.parseDuration(v)),
                bool("nativelbbydefault", "Use the Services' cluster IP as their one server unless traefik.io/service.nativelb says otherwise",
                        (d, v) -> d.nativeLBByDefault = v),
                value("crossprovidernamespaces", "NS,...",
                        "Namespaces whose routes may name another provider's service, such as api@internal (default: all)",
                        (d, v) -> d.crossProviderNamespaces = Values.parseList(v)),
                value("statusaddress.ip", "IP", "IP address written into the Gateways' status", (d, v) -> d.ip = v),
                value("statusaddress.hostname", "HOST", "Hostname written into the Gateways' status", (d, v) -> d.hostname = v),
                value("statusaddress.service.name", "NAME",
                        "Service whose load-balancer addresses are copied into the Gateways' status", (d, v) -> d.serviceName = v),
                value("statusaddress.service.namespace", "NS", "Namespace of that Service", (d, v) -> d.serviceNamespace = v),
                value("endpoint", "URL", "Kubernetes API server URL (default: in-cluster or KUBECONFIG)", (d, v) -> d.endpoint = v),
                value("token", "TOKEN", "Bearer token for the Kubernetes API server", (d, v) -> d.token = v),
                value("certauthfilepath", "FILE", "CA certificate file for the Kubernetes API server",
                        (d, v) -> d.certAuthFilePath = v));
    }

    private interface Apply<T> {
        void apply(KubernetesGatewayDraft draft, T value);
    }

    private static FlagSpec bool(String option, String description, Apply<Boolean> apply) {
        return FlagSpec.bool(PREFIX + "." + option, false, description, (draft, origin, value) -> {
            apply.apply(draft.kubernetesGateway, Values.parseBoolean(value));
            draft.kubernetesGateway.enabled = true;
        });
    }

    private static FlagSpec value(String option, String hint, String description, Apply<String> apply) {
        return value(option, hint, null, description, apply);
    }

    private static FlagSpec value(String option, String hint, String defaultText, String description, Apply<String> apply) {
        return FlagSpec.value(PREFIX + "." + option, hint, defaultText, description, (draft, origin, value) -> {
            apply.apply(draft.kubernetesGateway, value);
            draft.kubernetesGateway.enabled = true;
        });
    }

    KubernetesGatewayConfig build() throws ConfigException {
        if (serviceName.isEmpty() != serviceNamespace.isEmpty()) {
            throw new ConfigException(PREFIX + ".statusaddress.service" + (serviceName.isEmpty() ? ".name" : ".namespace"),
                    "both statusaddress.service.name and statusaddress.service.namespace are needed");
        }
        return new KubernetesGatewayConfig(enabled, experimentalChannel, namespaces, labelSelector, throttleDuration,
                nativeLBByDefault, crossProviderNamespaces, new KubernetesGatewayConfig.StatusAddress(ip, hostname,
                serviceName.isEmpty() ? "" : serviceNamespace + "/" + serviceName), endpoint, token, certAuthFilePath);
    }
}
