package io.jetway.translate.crd;

import io.jetway.dynamic.Layer4Config;
import io.jetway.dynamic.TcpMiddlewareConfig;
import io.jetway.dynamic.TcpRouterConfig;
import io.jetway.dynamic.TcpServersTransport;
import io.jetway.dynamic.TcpServiceConfig;
import io.jetway.dynamic.UdpRouterConfig;
import io.jetway.dynamic.UdpServiceConfig;
import io.jetway.kube.KubeObject;
import io.jetway.kube.Problem;
import io.jetway.kube.ResourceSnapshot;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The CRD provider's layer-4 kinds (ServersTransportTCP, MiddlewareTCP, IngressRouteTCP,
 * IngressRouteUDP) into the tcp and udp sections, one object at a time: a bad object is a problem
 * on itself and the others translate on. Transports and middlewares go first so that the routes'
 * references to them are checked.
 */
final class Layer4Translator {

    private Layer4Translator() {
    }

    /**
     * @param servers  shared with the HTTP translation, so that a bad EndpointSlice is reported once
     * @param tls      receives the routes' certificates
     * @param problems receives every problem found
     */
    static Layer4Config translate(ResourceSnapshot resources, CrdOptions options, ServiceServers servers,
                                  TlsTranslator tls, List<Problem> problems) {
        Map<String, TcpServersTransport> transports = new TreeMap<>();
        Set<String> invalidTransports = new HashSet<>();
        TcpServersTransportTranslator transportTranslator =
                new TcpServersTransportTranslator(new ServersTransportTranslator(resources));
        for (KubeObject o : CrdTranslator.traefikObjects(resources, "ServersTransportTCP")) {
            CrdTranslator.guarded(o, problems, () -> transportTranslator.translate(o, transports, invalidTransports, problems));
        }
        Map<String, TcpMiddlewareConfig> middlewares = new TreeMap<>();
        Set<String> invalidMiddlewares = new HashSet<>();
        for (KubeObject o : CrdTranslator.traefikObjects(resources, "MiddlewareTCP")) {
            CrdTranslator.guarded(o, problems, () -> TcpMiddlewareTranslator.translate(o, middlewares, invalidMiddlewares, problems));
        }
        Layer4Services services = new Layer4Services(options, servers, problems);
        Map<String, TcpRouterConfig> tcpRouters = new TreeMap<>();
        Map<String, TcpServiceConfig> tcpServices = new TreeMap<>();
        TcpRouteTranslator tcp = new TcpRouteTranslator(options, services, tls, problems, tcpRouters, tcpServices,
                middlewares, transports, invalidMiddlewares, invalidTransports);
        for (KubeObject o : CrdTranslator.traefikObjects(resources, "IngressRouteTCP")) {
            CrdTranslator.guarded(o, problems, () -> tcp.translate(o));
        }
        Map<String, UdpRouterConfig> udpRouters = new TreeMap<>();
        Map<String, UdpServiceConfig> udpServices = new TreeMap<>();
        UdpRouteTranslator udp = new UdpRouteTranslator(services, problems, udpRouters, udpServices);
        for (KubeObject o : CrdTranslator.traefikObjects(resources, "IngressRouteUDP")) {
            CrdTranslator.guarded(o, problems, () -> udp.translate(o));
        }
        return new Layer4Config(tcpRouters, tcpServices, middlewares, transports, udpRouters, udpServices);
    }
}
