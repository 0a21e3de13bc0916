package io.jetway.translate;

import io.jetway.dynamic.DynamicConfig;
import io.jetway.dynamic.GatewayApiStatus;
import io.jetway.dynamic.Layer4Config;
import io.jetway.dynamic.TcpMiddlewareConfig;
import io.jetway.dynamic.TcpRouterConfig;
import io.jetway.dynamic.TcpServersTransport;
import io.jetway.dynamic.TcpServiceConfig;
import io.jetway.dynamic.UdpRouterConfig;
import io.jetway.dynamic.UdpServiceConfig;
import io.jetway.dynamic.MiddlewareConfig;
import io.jetway.dynamic.RouterConfig;
import io.jetway.dynamic.ServersTransport;
import io.jetway.dynamic.ServiceConfig;
import io.jetway.dynamic.TlsCertificate;
import io.jetway.dynamic.TlsConfig;
import io.jetway.dynamic.TlsOptionsConfig;
import io.jetway.dynamic.TlsStoreConfig;
import io.jetway.kube.KnownKinds;
import io.jetway.kube.KubeObject;
import io.jetway.kube.Problem;
import io.jetway.kube.ResourceSnapshot;
import io.jetway.translate.crd.CrdOptions;
import io.jetway.translate.crd.CrdTranslationCache;
import io.jetway.translate.crd.CrdTranslator;
import io.jetway.translate.gateway.GatewayOptions;
import io.jetway.translate.gateway.GatewayTranslator;
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
        return translate(resources, crd, ingress, crdCache, null);
    }

    /** The same, with the Gateway API translator's output when {@code gateway} is not null. */
    public static DynamicConfig translate(ResourceSnapshot resources, CrdOptions crd, IngressOptions ingress,
                                          CrdTranslationCache crdCache, GatewayOptions gateway) {
        DynamicConfig crdConfig = CrdTranslator.translate(resources, crd, crdCache);
        List<DynamicConfig> parts = new ArrayList<>(List.of(crdConfig));
        if (ingress != null) {
            parts.add(IngressTranslator.translate(resources, ingress));
        }
        List<Problem> unread = new ArrayList<>();
        if (gateway != null) {
            parts.add(GatewayTranslator.translate(resources, gateway).config());
        } else {
            // Read by the manifests provider, but nothing translates them: say so on each.
            String gatewayPrefix = KnownKinds.GATEWAY_GROUP + "/";
            for (KubeObject o : resources.objects()) {
                // The group without cutting it out of every object's apiVersion (30,000 strings a reload).
                if (o.apiVersion().startsWith(gatewayPrefix)) {
                    unread.add(Problem.warning(o.ref(), null, "ignored: Gateway API objects are translated only with"
                            + " --providers.kubernetesgateway"));
                }
            }
        }
        DynamicConfig config = merge(parts);
        if (!unread.isEmpty()) {
            List<Problem> problems = new ArrayList<>(unread);
            problems.addAll(config.problems());
            config = config.withProblems(problems);
        }
        if (resources.problems().isEmpty()) {
            return config;
        }
        List<Problem> problems = new ArrayList<>(resources.problems());
        problems.addAll(config.problems());
        return config.withProblems(problems);
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
        Layer4Parts layer4 = new Layer4Parts();
        GatewayApiStatus gatewayStatus = GatewayApiStatus.EMPTY;
        for (DynamicConfig c : configs) {
            gatewayStatus = gatewayStatus.plus(c.gatewayStatus());
            routers.putAll(c.routers());
            services.putAll(c.services());
            middlewares.putAll(c.middlewares());
            transports.putAll(c.serversTransports());
            problems.addAll(c.problems());
            certificates.addAll(c.tls().certificates());
            tlsOptions.putAll(c.tls().options());
            tlsStores.putAll(c.tls().stores());
            layer4.add(c.layer4());
        }
        return new DynamicConfig(routers, services, middlewares, problems, transports,
                new TlsConfig(certificates, tlsOptions, tlsStores), layer4.config(), gatewayStatus);
    }

    /** The tcp and udp sections of several configurations, one map per kind. */
    private static final class Layer4Parts {
        private final Map<String, TcpRouterConfig> tcpRouters = new TreeMap<>();
        private final Map<String, TcpServiceConfig> tcpServices = new TreeMap<>();
        private final Map<String, TcpMiddlewareConfig> tcpMiddlewares = new TreeMap<>();
        private final Map<String, TcpServersTransport> tcpTransports = new TreeMap<>();
        private final Map<String, UdpRouterConfig> udpRouters = new TreeMap<>();
        private final Map<String, UdpServiceConfig> udpServices = new TreeMap<>();

        void add(Layer4Config c) {
            tcpRouters.putAll(c.tcpRouters());
            tcpServices.putAll(c.tcpServices());
            tcpMiddlewares.putAll(c.tcpMiddlewares());
            tcpTransports.putAll(c.tcpServersTransports());
            udpRouters.putAll(c.udpRouters());
            udpServices.putAll(c.udpServices());
        }

        Layer4Config config() {
            return new Layer4Config(tcpRouters, tcpServices, tcpMiddlewares, tcpTransports, udpRouters, udpServices);
        }
    }
}
