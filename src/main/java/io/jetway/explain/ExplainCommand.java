package io.jetway.explain;

import io.jetway.config.ConfigException;
import io.jetway.config.KubernetesCrdConfig;
import io.jetway.config.StaticConfig;
import io.jetway.config.StaticConfigParser;
import io.jetway.provider.file.FileProvider;
import io.jetway.routing.BalancerState;
import io.jetway.routing.RoutingTable;
import io.jetway.routing.RoutingTableBuilder;
import io.jetway.service.InternalService;
import io.jetway.translate.DynamicConfigMerger;
import io.jetway.translate.crd.CrdOptions;
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
 */
public final class ExplainCommand {

    private ExplainCommand() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        String entryPoint = null;
        String method = "GET";
        String remote = "127.0.0.1";
        String url = null;
        Map<String, List<String>> headers = new LinkedHashMap<>();
        List<String> flags = new ArrayList<>();
        for (String arg : args) {
            String lower = arg.toLowerCase(Locale.ROOT);
            if (lower.startsWith("--entrypoint=")) {
                entryPoint = value(arg);
            } else if (lower.startsWith("--method=")) {
                method = value(arg);
            } else if (lower.startsWith("--remote=")) {
                remote = value(arg);
            } else if (lower.startsWith("--header=")) {
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
        if (url == null) {
            err.println("explain: usage: jetway explain [flags] [--entrypoint=NAME] [--method=M] [--header=K:V] URL");
            return 2;
        }
        StaticConfig config;
        ExplainRequest request;
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
        String ep = entryPoint != null ? entryPoint : entryPoints.get(0);
        if (!entryPoints.contains(ep)) {
            err.println("explain: --entrypoint: no entry point \"" + ep + "\" (have " + entryPoints + ")");
            return 2;
        }
        try {
            request = ExplainRequest.of(method, url, headers, remote, config.entryPoints().get(ep).requestPath().sanitizePath());
        } catch (IllegalArgumentException e) {
            err.println("explain: " + e.getMessage());
            return 2;
        }
        KubernetesCrdConfig crd = config.kubernetesCrd();
        CrdOptions options = new CrdOptions(crd.allowCrossNamespace(), crd.allowEmptyServices(), crd.allowExternalNameServices(), false);
        FileProvider files = new FileProvider(config.fileProvider().directory(), config.fileProvider().filename(), false);
        RoutingTable table = RoutingTableBuilder.build(
                DynamicConfigMerger.translate(files.load(), options, IngressOptions.from(config.kubernetesIngress())), entryPoints,
                new BalancerState(), InternalService.enabledBy(config.api(), config.ping(), config.metrics()));
        Explainer.Explanation explanation = Explainer.explain(table, ep, request);
        Explainer.describe(explanation).forEach(out::println);
        return explanation.router() != null ? 0 : 1;
    }

    private static String value(String arg) {
        return arg.substring(arg.indexOf('=') + 1);
    }
}
