package io.jetway.translate.gateway;

import io.jetway.translate.crd.CrdNames;

/** Traefik's names for what the Gateway API provider makes, so the API shows the same names. */
final class GatewayNames {

    static final String PROVIDER = "kubernetesgateway";

    private GatewayNames() {
    }

    /** normalize(kind-ns-name-gw-gwNs-gw-ep-entryPoint-ruleIndex): one key per route rule and listener. */
    static String routeKey(String kind, String namespace, String name, String gatewayNamespace, String gateway,
                           String entryPoint, int ruleIndex) {
        return CrdNames.normalize(kind.toLowerCase(java.util.Locale.ROOT) + "-" + namespace + "-" + name + "-gw-"
                + gatewayNamespace + "-" + gateway + "-ep-" + entryPoint + "-" + ruleIndex);
    }

    /** The route key and the first 10 bytes of the rule's SHA-256 in hex. */
    static String routerName(String routeKey, String rule) {
        return routeKey + "-" + CrdNames.sha256Prefix(rule, 10);
    }

    static String qualify(String name) {
        return name + "@" + PROVIDER;
    }
}
