package io.jetway.translate;

import io.jetway.dynamic.DynamicConfig;
import io.jetway.dynamic.Layer4Config;
import io.jetway.dynamic.RouterConfig;
import io.jetway.dynamic.TcpRouterConfig;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code entryPoints.<n>.asDefault}: an HTTP or TCP router that names no entry point is put on the
 * entry points marked asDefault, as Traefik's aggregation does (so the API shows them). Child
 * routers (parentRefs) take their parents' entry points and are left alone. Without asDefault
 * entry points nothing changes: such a router is on every entry point.
 */
public final class DefaultEntryPoints {

    private DefaultEntryPoints() {
    }

    public static DynamicConfig apply(DynamicConfig config, List<String> asDefault) {
        if (asDefault.isEmpty()) {
            return config;
        }
        Map<String, RouterConfig> routers = new TreeMap<>();
        boolean changed = false;
        for (RouterConfig r : config.routers().values()) {
            if (r.entryPoints().isEmpty() && r.parentRefs().isEmpty()) {
                r = new RouterConfig(r.name(), asDefault, r.rule(), r.priority(), r.ruleSyntax(), r.middlewares(),
                        r.service(), r.source(), r.parentRefs(), r.tls());
                changed = true;
            }
            routers.put(r.name(), r);
        }
        Map<String, TcpRouterConfig> tcpRouters = new TreeMap<>();
        for (TcpRouterConfig r : config.layer4().tcpRouters().values()) {
            if (r.entryPoints().isEmpty()) {
                r = new TcpRouterConfig(r.name(), asDefault, r.rule(), r.priority(), r.ruleSyntax(), r.middlewares(),
                        r.service(), r.tls(), r.source());
                changed = true;
            }
            tcpRouters.put(r.name(), r);
        }
        if (!changed) {
            return config;
        }
        Layer4Config l4 = config.layer4();
        return new DynamicConfig(routers, config.services(), config.middlewares(), config.problems(),
                config.serversTransports(), config.tls(), new Layer4Config(tcpRouters, l4.tcpServices(),
                l4.tcpMiddlewares(), l4.tcpServersTransports(), l4.udpRouters(), l4.udpServices()), config.gatewayStatus());
    }
}
