package io.jetway.provider.kubernetes;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.jetway.config.KubernetesConnection;

/** Builds the fabric8 client from the provider's options, on the JDK's own HTTP client. */
public final class KubernetesClients {

    private KubernetesClients() {
    }

    /**
     * fabric8's auto-configuration reads the in-cluster service account, then {@code KUBECONFIG}
     * (or ~/.kube/config); the explicit options override what it found.
     */
    public static KubernetesClient create(KubernetesConnection connection) {
        ConfigBuilder builder = new ConfigBuilder(Config.autoConfigure(null));
        if (connection.endpoint() != null) {
            builder.withMasterUrl(connection.endpoint());
        }
        if (connection.token() != null) {
            builder.withOauthToken(connection.token());
        }
        if (connection.certAuthFilePath() != null) {
            builder.withCaCertFile(connection.certAuthFilePath().toString());
        }
        // The provider retries on its own schedule; the client should fail fast and report.
        builder.withRequestRetryBackoffLimit(0);
        return new KubernetesClientBuilder().withConfig(builder.build()).withHttpClientFactory(new JdkHttpClientFactory())
                .build();
    }
}
