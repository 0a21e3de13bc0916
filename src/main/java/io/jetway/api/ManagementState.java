package io.jetway.api;

import io.jetway.config.StaticConfig;
import io.jetway.routing.RoutingTableHolder;
import io.jetway.routing.layer4.Layer4Builder;
import io.jetway.server.control.ControlPlane;
import io.jetway.server.control.JetwayRuntime;
import io.jetway.tls.acme.CertificateResolvers;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Map;

/** What the API resources read: the routing table serving now and the static configuration. */
@ApplicationScoped
public class ManagementState {

    @Inject
    RoutingTableHolder holder;

    @Inject
    ControlPlane controlPlane;

    RuntimeView view() {
        CertificateResolvers resolvers = certificateResolvers();
        return new RuntimeView(holder.current(), runtime().routingEntryPoints(),
                resolvers == null ? Map.of() : resolvers.routerErrors());
    }

    /** The ACME resolvers, or null when none is configured. */
    CertificateResolvers certificateResolvers() {
        return controlPlane.certificateResolvers();
    }

    io.jetway.routing.RoutingTable table() {
        return holder.current();
    }

    /** The entry points TCP and UDP routers attach to, as the reload gives them to the build. */
    Layer4Builder.EntryPointNames layer4EntryPoints() {
        return ControlPlane.layer4EntryPoints(config(), routingEntryPoints());
    }

    /** The layer-4 part of the table serving now, in Traefik's shapes. */
    Layer4View layer4View() {
        return new Layer4View(table(), layer4EntryPoints());
    }

    java.util.List<String> routingEntryPoints() {
        return runtime().routingEntryPoints();
    }

    StaticConfig config() {
        return runtime().config();
    }

    private JetwayRuntime runtime() {
        JetwayRuntime runtime = controlPlane.runtime();
        if (runtime == null) {
            throw new IllegalStateException("the control plane has not started");
        }
        return runtime;
    }
}
