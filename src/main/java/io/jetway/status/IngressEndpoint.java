package io.jetway.status;

import io.jetway.kube.KubeObject;
import io.jetway.kube.Node;
import io.jetway.kube.ResourceSnapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What routed Ingresses get in {@code status.loadBalancer.ingress} (Traefik's
 * {@code providers.kubernetesIngress.ingressEndpoint}): a fixed IP or hostname, or the
 * load-balancer addresses of a published Service ({@code namespace/name}), which wins.
 */
public record IngressEndpoint(String ip, String hostname, String publishedService) {

    public static final IngressEndpoint NONE = new IngressEndpoint(null, null, null);

    public boolean isNone() {
        return ip == null && hostname == null && publishedService == null;
    }

    /** The entries to publish now; empty when the published Service has no address yet. */
    List<Map<String, Object>> addresses(ResourceSnapshot snapshot) {
        if (publishedService != null) {
            int slash = publishedService.indexOf('/');
            String ns = slash < 0 ? "default" : publishedService.substring(0, slash);
            String name = publishedService.substring(slash + 1);
            List<Map<String, Object>> out = new ArrayList<>();
            snapshot.find("Service", ns, name).map(KubeObject::root).ifPresent(root -> {
                for (Node entry : root.get("status").get("loadBalancer").get("ingress").list()) {
                    String entryIp = entry.get("ip").string(null);
                    String entryHost = entry.get("hostname").string(null);
                    if (entryIp != null) {
                        out.add(Map.of("ip", entryIp));
                    } else if (entryHost != null) {
                        out.add(Map.of("hostname", entryHost));
                    }
                }
            });
            return out;
        }
        if (ip != null) {
            return List.of(Map.of("ip", ip));
        }
        return hostname == null ? List.of() : List.of(Map.of("hostname", hostname));
    }
}
