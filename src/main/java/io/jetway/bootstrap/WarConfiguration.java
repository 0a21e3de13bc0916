package io.jetway.bootstrap;

import io.jetway.config.ApiConfig;
import io.jetway.config.ConfigException;
import io.jetway.config.ConnectionLimitsConfig;
import io.jetway.config.EntryPointConfig;
import io.jetway.config.LifecycleConfig;
import io.jetway.config.StaticConfig;
import io.jetway.config.StaticConfigParser;
import io.jetway.dynamic.DynamicConfig;
import io.jetway.net.CidrSet;
import io.jetway.server.entry.EntryPoint;
import io.jetway.server.entry.EntryPoints;
import io.jetway.server.entry.RequestPathCleaner;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Jetway inside a servlet container: where the static configuration comes from, which entry point
 * each of the container's ports is, and what the container's connectors take over. The
 * configuration file has the layout of {@code --configfile}.
 */
public final class WarConfiguration {

    /** The environment variable naming the configuration file. */
    public static final String ENVIRONMENT_VARIABLE = "JETWAY_CONFIGFILE";
    /** The system property and the servlet context parameter naming the configuration file. */
    public static final String PARAMETER = "jetway.configfile";

    private static final String DEFAULT_ENTRY_POINT = "web";

    private WarConfiguration() {
    }

    /**
     * The configuration file, the most specific source first: the web application's context
     * parameter, then the JVM's system property, then the environment; null when none names one.
     */
    static Path location(String contextParameter, String systemProperty, String environment) {
        for (String candidate : new String[]{contextParameter, systemProperty, environment}) {
            if (candidate != null && !candidate.isBlank()) {
                return Path.of(candidate.trim());
            }
        }
        return null;
    }

    /** The static configuration from the file, or the defaults when there is none. */
    static StaticConfig read(Path file) throws ConfigException {
        return StaticConfigParser.parse(file == null ? new String[0] : new String[]{"--configfile=" + file});
    }

    /**
     * A request on local port N belongs to the entry point whose address ends in {@code :N}, any
     * other to {@code web}. The management entry point {@code traefik} gets no port: what it would
     * serve (the insecure API and dashboard, ping, metrics) answers on every port before the routers.
     */
    static EntryPoints entryPoints(StaticConfig config) {
        String management = managementEntryPoint(config);
        Map<Integer, EntryPoint> byPort = new HashMap<>();
        List<String> names = new ArrayList<>();
        EntryPoint web = null;
        for (EntryPointConfig ep : config.entryPoints().values()) {
            names.add(ep.name());
            if (ep.name().equalsIgnoreCase(management)) {
                continue;
            }
            EntryPoint.Role role = management != null ? EntryPoint.Role.ROUTES_AND_MANAGEMENT
                    : EntryPoint.Role.of(ep.name(), config);
            EntryPoint entryPoint = new EntryPoint(ep.name(), CidrSet.parse(ep.forwardedHeaders().trustedIPs()),
                    ep.forwardedHeaders().insecure(), role, null, new RequestPathCleaner(ep.requestPath()));
            if (ep.port() > 0) {
                byPort.putIfAbsent(ep.port(), entryPoint);
            }
            if (ep.name().equalsIgnoreCase(DEFAULT_ENTRY_POINT)) {
                web = entryPoint;
            }
        }
        if (web == null) {
            names.add(DEFAULT_ENTRY_POINT);
            // Not configured: Traefik's defaults, path cleaning included.
            web = new EntryPoint(DEFAULT_ENTRY_POINT, CidrSet.empty(), false,
                    management != null ? EntryPoint.Role.ROUTES_AND_MANAGEMENT : EntryPoint.Role.ROUTES, null,
                    RequestPathCleaner.DEFAULTS);
        }
        return new EntryPoints(byPort, web, names);
    }

    /** The entry point {@code traefik} when something is served there, whether or not it was configured. */
    private static String managementEntryPoint(StaticConfig config) {
        boolean used = config.api().servedOnManagementEntryPoint()
                || (config.ping().enabled() && config.ping().entryPoint().equalsIgnoreCase(ApiConfig.MANAGEMENT_ENTRY_POINT))
                || config.metrics().servedOn(ApiConfig.MANAGEMENT_ENTRY_POINT);
        return used ? ApiConfig.MANAGEMENT_ENTRY_POINT : null;
    }

    /** What the static configuration asks for that a container cannot give: one message each. */
    static List<String> unavailable(StaticConfig config) {
        String management = managementEntryPoint(config);
        List<String> messages = new ArrayList<>();
        for (EntryPointConfig ep : config.entryPoints().values()) {
            if (ep.name().equalsIgnoreCase(management)) {
                messages.add("entrypoint=" + ep.name() + " msg=\"not available in WAR mode: the container opens no port for it;"
                        + " its API, dashboard, ping and metrics answer on every port of the container\"");
                continue;
            }
            if (!ep.allInterfaces()) {
                messages.add("entrypoint=" + ep.name() + " msg=\"address host " + ep.host()
                        + " not available in WAR mode: the container's connectors decide the interfaces;"
                        + " only the port (" + ep.port() + ") maps requests to this entry point\"");
            }
            if (ep.tls() != null) {
                messages.add("entrypoint=" + ep.name() + " msg=\"http.tls not available in WAR mode:"
                        + " TLS belongs to the container's connectors\"");
            }
            if (!ep.connectionLimits().equals(ConnectionLimitsConfig.DEFAULTS)) {
                messages.add("entrypoint=" + ep.name() + " msg=\"http.maxHeaderBytes, transport.respondingTimeouts and"
                        + " transport.acceptBacklog not available in WAR mode: the container's connectors decide them;"
                        + " the backend clients still send request heads as large as maxHeaderBytes\"");
            }
            if (ep.udp()) {
                messages.add("entrypoint=" + ep.name() + " msg=\"UDP entry point not available in WAR mode:"
                        + " the container speaks HTTP only\"");
            }
            if (ep.layer4().proxyProtocol() != null || !ep.layer4().serverFirstAfter().isZero()) {
                messages.add("entrypoint=" + ep.name() + " msg=\"proxyProtocol and tcp.serverFirstAfter not available"
                        + " in WAR mode: the container's connectors read the connections\"");
            }
            if (!ep.lifecycle().equals(LifecycleConfig.DEFAULTS)) {
                messages.add("entrypoint=" + ep.name() + " msg=\"transport.lifecycle not available in WAR mode:"
                        + " the container decides how requests finish on undeploy\"");
            }
        }
        messages.add("feature=websocket msg=\"WebSocket passthrough not available in WAR mode:"
                + " upgrades need Jetway's embedded server\"");
        if (!config.certificateResolvers().isEmpty()) {
            messages.add("feature=acme msg=\"certificates resolvers not available in WAR mode:"
                    + " the container's connectors serve their own certificates\"");
        }
        return messages;
    }

    /** Logged once, at the first configuration with TCP or UDP objects. */
    static final String LAYER4_UNAVAILABLE = "event=war-unavailable feature=layer4 msg=\"IngressRouteTCP, IngressRouteUDP,"
            + " MiddlewareTCP and ServersTransportTCP are read but not served in WAR mode: the container speaks HTTP only;"
            + " run the embedded server (java -jar jetway.jar) for TCP and UDP\"";

    /** Whether the dynamic configuration has TCP or UDP routers, services, middlewares or transports. */
    static boolean usesLayer4(DynamicConfig config) {
        return !config.layer4().isEmpty();
    }

    /** Whether the dynamic configuration asks for TLS, which belongs to the container's connectors. */
    static boolean usesTls(DynamicConfig config) {
        return !config.tls().certificates().isEmpty()
                || config.routers().values().stream().anyMatch(router -> router.tls() != null);
    }
}
