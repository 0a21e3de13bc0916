package io.jetway.translate;

import io.jetway.dynamic.DynamicConfig;
import io.jetway.dynamic.MiddlewareConfig;
import io.jetway.dynamic.RouterConfig;
import io.jetway.dynamic.ServersTransport;
import io.jetway.dynamic.ServiceConfig;
import io.jetway.dynamic.TlsCertificate;
import io.jetway.dynamic.TlsConfig;
import io.jetway.dynamic.TlsOptionsConfig;
import io.jetway.dynamic.TlsStoreConfig;
import io.jetway.kube.Problem;
import io.jetway.kube.ResourceSnapshot;
import io.jetway.translate.crd.CrdOptions;
import io.jetway.translate.crd.CrdTranslationCache;
import io.jetway.translate.crd.CrdTranslator;
import io.jetway.translate.ingress.IngressOptions;
import io.jetway.translate.ingress.IngressTranslator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One dynamic configuration from several translators' outputs (CRD, Ingress, ...). Each
 * translator qualifies its names with its own provider ({@code @kubernetescrd}, {@code @kubernetes}),
 * so the maps never collide; references across providers resolve once merged.
 */
public final class DynamicConfigMerger {

    private DynamicConfigMerger() {
    }

    /**
     * The CRD translator's output, merged with the Ingress translator's when {@code ingress} is not
     * null, with the problems the providers found in their input first.
     */
    public static DynamicConfig translate(ResourceSnapshot resources, CrdOptions crd, IngressOptions ingress) {
        return translate(resources, crd, ingress, null);
    }

    /**
     * The same, translating again only the IngressRoutes whose inputs changed since the translation
     * {@code crdCache} remembers (null: everything). Ingresses are translated in full each time.
     */
    public static DynamicConfig translate(ResourceSnapshot resources, CrdOptions crd, IngressOptions ingress,
                                          CrdTranslationCache crdCache) {
        DynamicConfig crdConfig = CrdTranslator.translate(resources, crd, crdCache);
        DynamicConfig config = ingress == null ? crdConfig : merge(List.of(crdConfig, IngressTranslator.translate(resources, ingress)));
        if (resources.problems().isEmpty()) {
            return config;
        }
        List<Problem> problems = new ArrayList<>(resources.problems());
        problems.addAll(config.problems());
        return new DynamicConfig(config.routers(), config.services(), config.middlewares(), problems,
                config.serversTransports(), config.tls());
    }

    public static DynamicConfig merge(List<DynamicConfig> configs) {
        if (configs.size() == 1) {
            return configs.get(0);
        }
        Map<String, RouterConfig> routers = new TreeMap<>();
        Map<String, ServiceConfig> services = new TreeMap<>();
        Map<String, MiddlewareConfig> middlewares = new TreeMap<>();
        Map<String, ServersTransport> transports = new TreeMap<>();
        List<Problem> problems = new ArrayList<>();
        List<TlsCertificate> certificates = new ArrayList<>();
        Map<String, TlsOptionsConfig> tlsOptions = new TreeMap<>();
        Map<String, TlsStoreConfig> tlsStores = new TreeMap<>();
        for (DynamicConfig c : configs) {
            routers.putAll(c.routers());
            services.putAll(c.services());
            middlewares.putAll(c.middlewares());
            transports.putAll(c.serversTransports());
            problems.addAll(c.problems());
            certificates.addAll(c.tls().certificates());
            tlsOptions.putAll(c.tls().options());
            tlsStores.putAll(c.tls().stores());
        }
        return new DynamicConfig(routers, services, middlewares, problems, transports,
                new TlsConfig(certificates, tlsOptions, tlsStores));
    }
}
