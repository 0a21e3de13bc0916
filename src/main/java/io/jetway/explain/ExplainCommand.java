package io.jetway.explain;

import io.jetway.check.StaticTls;
import io.jetway.config.ConfigException;
import io.jetway.config.KubernetesCrdConfig;
import io.jetway.config.StaticConfig;
import io.jetway.config.StaticConfigParser;
import io.jetway.dynamic.DynamicConfig;
import io.jetway.provider.file.FileProvider;
import io.jetway.routing.BalancerState;
import io.jetway.routing.RoutingTable;
import io.jetway.routing.RoutingTableBuilder;
import io.jetway.routing.layer4.Layer4Builder;
import io.jetway.routing.layer4.Layer4State;
import io.jetway.server.control.ControlPlane;
import io.jetway.service.InternalService;
import io.jetway.tls.EntryPointTlsModel;
import io.jetway.translate.DefaultEntryPoints;
import io.jetway.translate.DynamicConfigMerger;
import io.jetway.translate.crd.CrdOptions;
import io.jetway.translate.gateway.GatewayOptions;
import io.jetway.translate.ingress.IngressOptions;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code jetway explain [gateway flags] [--entrypoint=web] [--method=GET] [--header=K:V]...
 * [--remote=IP] URL}: which router of the configured manifests would serve the request, and why
 * the ones before it did not. Exit 0 when a router serves it, 1 for a 404, 2 for bad arguments.
 *
 * <p>{@code jetway explain --tcp [gateway flags] [--entrypoint=NAME] [--client-ip=IP] [--tls[=false]]
 * [--sni=NAME] [--alpn=P1,P2] [--postgres]}: which stage of Traefik's order and which TCP router
 * take a connection, and why the other TCP routers of the entry point do not. TLS is assumed when
 * an SNI, an ALPN or {@code --postgres} (an SSLRequest first) is given. Exit 0 when a TCP router
 * takes it (and its middlewares do not refuse the client), 1 otherwise, 2 for bad arguments.
 */
public final class ExplainCommand {

    private static final String USAGE = "explain: usage: jetway explain [flags] [--entrypoint=NAME] [--method=M] [--header=K:V] URL"
            + "\n       jetway explain --tcp [flags] [--entrypoint=NAME] [--client-ip=IP] [--tls[=false]] [--sni=NAME] [--alpn=P1,P2] [--postgres]";

    /** The TCP flags, each with the field of {@link TcpExplainRequest} it fills. */
    private static final Map<String, String> TCP_FLAGS = Map.of("--client-ip", "clientIp", "--tls", "tls",
            "--sni", "sni", "--alpn", "alpn", "--postgres", "postgres");
    private static final Map<String, String> FLAG_OF_FIELD = Map.of("clientIp", "--client-ip", "tls", "--tls",
            "sni", "--sni", "alpn", "--alpn", "postgres", "--postgres");

    private ExplainCommand() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        String entryPoint = null;
        String method = "GET";
        String remote = "127.0.0.1";
        String url = null;
        boolean tcp = false;
        Map<String, String> tcpValues = new LinkedHashMap<>();
        List<String> httpOnly = new ArrayList<>();
        Map<String, List<String>> headers = new LinkedHashMap<>();
        List<String> flags = new ArrayList<>();
        for (String arg : args) {
            String lower = arg.toLowerCase(Locale.ROOT);
            String name = lower.contains("=") ? lower.substring(0, lower.indexOf('=')) : lower;
            if (lower.equals("--tcp")) {
                tcp = true;
            } else if (TCP_FLAGS.containsKey(name)) {
                tcpValues.put(TCP_FLAGS.get(name), lower.contains("=") ? value(arg) : flagWithoutValue(name));
                if (tcpValues.get(TCP_FLAGS.get(name)) == null) {
                    err.println("explain: " + name + ": a value is required, as " + name + "=...");
                    return 2;
                }
            } else if (lower.startsWith("--entrypoint=")) {
                entryPoint = value(arg);
            } else if (lower.startsWith("--method=")) {
                method = value(arg);
                httpOnly.add("--method");
            } else if (lower.startsWith("--remote=")) {
                remote = value(arg);
                httpOnly.add("--remote");
            } else if (lower.startsWith("--header=")) {
                httpOnly.add("--header");
                String header = value(arg);
                int colon = header.indexOf(':');
                if (colon <= 0) {
                    err.println("explain: --header: expected Name:value, got \"" + header + "\"");
                    return 2;
                }
                headers.computeIfAbsent(header.substring(0, colon).trim(), k -> new ArrayList<>()).add(header.substring(colon + 1).trim());
            } else if (arg.startsWith("-")) {
                flags.add(arg);
            } else if (url == null) {
                url = arg;
            } else {
                err.println("explain: one URL expected, got also \"" + arg + "\"");
                return 2;
            }
        }
        if (tcp && (url != null || !httpOnly.isEmpty())) {
            err.println("explain: " + (url != null ? "a URL" : httpOnly.get(0)) + " is for HTTP requests, not with --tcp");
            return 2;
        }
        if (!tcp && !tcpValues.isEmpty()) {
            String flag = FLAG_OF_FIELD.get(tcpValues.keySet().iterator().next());
            err.println("explain: " + flag + " describes a TCP connection: add --tcp");
            return 2;
        }
        if (!tcp && url == null) {
            err.println(USAGE);
            return 2;
        }
        StaticConfig config;
        try {
            config = StaticConfigParser.parse(flags.toArray(String[]::new));
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return 2;
        }
        if (config.fileProvider() == null) {
            err.println("explain: no manifests: give --providers.file.directory (or a --configfile that does)");
            return 2;
        }
        List<String> entryPoints = List.copyOf(config.entryPoints().keySet());
        Layer4Builder.EntryPointNames layer4Names = ControlPlane.layer4EntryPoints(config);
        List<String> choices = tcp ? layer4Names.tcp() : entryPoints;
        String ep = entryPoint != null ? entryPoint : choices.isEmpty() ? "" : choices.get(0);
        if (!choices.contains(ep)) {
            err.println("explain: --entrypoint: no " + (tcp ? "TCP " : "") + "entry point \"" + ep + "\" (have " + choices + ")");
            return 2;
        }
        ExplainRequest request = null;
        TcpExplainRequest connection = null;
        try {
            if (tcp) {
                connection = TcpExplainRequest.of(tcpValues.get("tls"), tcpValues.get("postgres"), tcpValues.get("sni"),
                        tcpValues.get("alpn"), tcpValues.get("clientIp"));
            } else {
                request = ExplainRequest.of(method, url, headers, remote, config.entryPoints().get(ep).requestPath().sanitizePath());
            }
        } catch (TcpExplainRequest.InvalidField e) {
            err.println("explain: " + FLAG_OF_FIELD.get(e.field()) + ": " + e.getMessage());
            return 2;
        } catch (IllegalArgumentException e) {
            err.println("explain: " + e.getMessage());
            return 2;
        }
        RoutingTable table = load(config, entryPoints, layer4Names);
        if (tcp) {
            TcpExplainer.Explanation explanation = TcpExplainer.explain(table, ep, connection);
            TcpExplainer.describe(explanation).forEach(out::println);
            return explanation.router() != null && explanation.refused() == null ? 0 : 1;
        }
        Explainer.Explanation explanation = Explainer.explain(table, ep, request);
        Explainer.describe(explanation).forEach(out::println);
        return explanation.router() != null ? 0 : 1;
    }

    /** The manifests built as a reload builds them: entry point TLS first, then HTTP and layer-4 routes. */
    private static RoutingTable load(StaticConfig config, List<String> entryPoints, Layer4Builder.EntryPointNames layer4Names) {
        KubernetesCrdConfig crd = config.kubernetesCrd();
        CrdOptions options = new CrdOptions(crd.allowCrossNamespace(), crd.allowEmptyServices(), crd.allowExternalNameServices(), false);
        FileProvider files = new FileProvider(config.fileProvider().directory(), config.fileProvider().filename(), false);
        DynamicConfig dynamic = EntryPointTlsModel.apply(DefaultEntryPoints.apply(
                DynamicConfigMerger.translate(files.load(), options, IngressOptions.from(config.kubernetesIngress()), null,
                        GatewayOptions.from(config)),
                ControlPlane.asDefault(config, entryPoints)), StaticTls.of(config).byEntryPoint(), entryPoints);
        return RoutingTableBuilder.build(dynamic, entryPoints, new BalancerState(),
                        InternalService.enabledBy(config.api(), config.ping(), config.metrics()))
                .withLayer4(Layer4Builder.build(dynamic.layer4(), dynamic.tls().options().keySet(), layer4Names,
                        new Layer4State()));
    }

    /** {@code --tls} and {@code --postgres} alone mean true; the others need a value. */
    private static String flagWithoutValue(String name) {
        return name.equals("--tls") || name.equals("--postgres") ? "true" : null;
    }

    private static String value(String arg) {
        return arg.substring(arg.indexOf('=') + 1);
    }
}
