package io.jetway.api;

import io.jetway.api.Representations.EntryPointInfo;
import io.jetway.api.Representations.Features;
import io.jetway.api.Representations.ForwardedHeadersInfo;
import io.jetway.api.Representations.Overview;
import io.jetway.api.Representations.RawData;
import io.jetway.api.Representations.SchemeOverview;
import io.jetway.api.Representations.Section;
import io.jetway.api.Representations.VersionInfo;
import io.jetway.config.EntryPointConfig;
import io.jetway.config.StaticConfig;
import io.jetway.routing.RouterStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** {@code /api/rawdata}, {@code /api/overview}, {@code /api/entrypoints[/{name}]}, {@code /api/version}. */
@ApplicationScoped
@Path("")
@Produces(MediaType.APPLICATION_JSON)
public class ManagementResource {

    private static final Section EMPTY = new Section(0, 0, 0);

    @Inject
    ManagementState state;

    @GET
    @Path("rawdata")
    public RawData rawData() {
        RuntimeView view = state.view();
        Layer4View layer4 = state.layer4View();
        return new RawData(orNull(view.routers()), orNull(view.middlewares()), orNull(view.services()),
                orNull(Layer4View.raw(layer4.tcpRouters())), orNull(Layer4View.raw(layer4.tcpMiddlewares())),
                orNull(Layer4View.raw(layer4.tcpServices())), orNull(Layer4View.raw(layer4.udpRouters())),
                orNull(Layer4View.raw(layer4.udpServices())));
    }

    @GET
    @Path("overview")
    public Overview overview() {
        RuntimeView view = state.view();
        Section routers = section(view.routers().values().stream().map(Representations.RouterInfo::status).toList());
        Section services = section(view.services().values().stream().map(Representations.ServiceInfo::status).toList());
        Section middlewares = section(view.middlewares().values().stream().map(m -> (String) m.get("status")).toList());
        StaticConfig config = state.config();
        List<String> providers = providers(config);
        Layer4View layer4 = state.layer4View();
        return new Overview(new SchemeOverview(routers, services, middlewares),
                new SchemeOverview(section(statuses(layer4.tcpRouters())), section(statuses(layer4.tcpServices())),
                        section(statuses(layer4.tcpMiddlewares()))),
                new SchemeOverview(section(statuses(layer4.udpRouters())), section(statuses(layer4.udpServices())), null),
                features(config), providers);
    }

    /** As Traefik's overview: the configured metrics backend, tracing backend and whether the access log is on. */
    static Features features(StaticConfig config) {
        return new Features("", config.metrics().prometheus() ? "Prometheus" : "", config.accessLog().enabled());
    }

    /** The enabled providers under Traefik's names; null when none (Traefik leaves the key out). */
    static List<String> providers(StaticConfig config) {
        List<String> names = config.providerNames();
        return names.isEmpty() ? null : names;
    }

    private static List<String> statuses(List<Map<String, Object>> items) {
        return items.stream().map(item -> (String) item.get("status")).toList();
    }

    private static Section section(Collection<String> statuses) {
        int warnings = (int) statuses.stream().filter(RouterStatus.WARNING::equals).count();
        int errors = (int) statuses.stream().filter(RouterStatus.DISABLED::equals).count();
        return new Section(statuses.size(), warnings, errors);
    }

    @GET
    @Path("entrypoints")
    public Response entryPoints(@QueryParam("page") String page, @QueryParam("per_page") String perPage) {
        List<EntryPointInfo> all = new ArrayList<>();
        state.config().entryPoints().values().forEach(ep -> all.add(entryPoint(ep)));
        return ListQuery.parse(page, perPage, null, null, null, null).page(all, ep -> true);
    }

    @GET
    @Path("entrypoints/{name}")
    public EntryPointInfo entryPoint(@PathParam("name") String name) {
        EntryPointConfig ep = state.config().entryPoints().get(name);
        if (ep == null) {
            throw ApiErrors.notFound("entry point", name);
        }
        return entryPoint(ep);
    }

    private static EntryPointInfo entryPoint(EntryPointConfig ep) {
        String host = ep.allInterfaces() ? "" : ep.host().contains(":") ? "[" + ep.host() + "]" : ep.host();
        var headers = ep.forwardedHeaders();
        ForwardedHeadersInfo forwarded = !headers.insecure() && headers.trustedIPs().isEmpty() ? null
                : new ForwardedHeadersInfo(headers.insecure() ? true : null,
                headers.trustedIPs().isEmpty() ? null : headers.trustedIPs());
        return new EntryPointInfo(host + ":" + ep.port(), forwarded, Map.of(), ep.name());
    }

    @GET
    @Path("version")
    public VersionInfo version() {
        Instant start = Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());
        return new VersionInfo(io.jetway.util.BuildVersion.get(), "jetway", start.toString());
    }

    private static <K, V> Map<K, V> orNull(Map<K, V> map) {
        return map.isEmpty() ? null : map;
    }
}
