package io.jetway.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How a Kubernetes provider reaches and reads the cluster. Unset options fall back to the
 * in-cluster service account, then to {@code KUBECONFIG} / {@code ~/.kube/config}.
 *
 * @param endpoint         API server URL, or null
 * @param token            bearer token, or null
 * @param certAuthFilePath CA bundle for the API server's certificate, or null
 * @param namespaces       namespaces to watch; empty means all
 * @param labelSelector    label selector for Traefik's kinds (and Ingresses), or null
 * @param throttleDuration minimum time between two snapshots; zero coalesces only what arrives together
 */
public record KubernetesConnection(String endpoint, String token, Path certAuthFilePath, List<String> namespaces,
                                   String labelSelector, Duration throttleDuration) {

    public static final KubernetesConnection DEFAULTS = new KubernetesConnection(null, null, null, List.of(), null, Duration.ZERO);

    public KubernetesConnection {
        namespaces = List.copyOf(namespaces);
        throttleDuration = throttleDuration == null ? Duration.ZERO : throttleDuration;
    }
}
