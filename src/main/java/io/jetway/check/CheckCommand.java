package io.jetway.check;

import io.jetway.config.ConfigException;
import io.jetway.config.KubernetesCrdConfig;
import io.jetway.config.StaticConfig;
import io.jetway.config.StaticConfigParser;
import io.jetway.server.control.ControlPlane;
import io.jetway.service.InternalService;
import io.jetway.translate.crd.CrdOptions;
import io.jetway.translate.gateway.GatewayOptions;
import io.jetway.translate.ingress.IngressOptions;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code jetway check DIR [--cluster] [--strict] [flags]}: exit 0 when the manifests build without
 * error (warnings are printed and counted apart), 1 when some object is broken, 2 for bad arguments.
 * Flags are the gateway's own (provider options, entry points, certificates resolvers,
 * {@code --configfile}); without entry point flags every entry point the routes name is taken to exist.
 * {@code --cluster}: DIR is applied to a cluster that holds other objects, so references to objects
 * not in DIR (Services, Secrets, middlewares...) are warnings. {@code --strict}: warnings fail too
 * (exit 1), for CI.
 */
public final class CheckCommand {

    private CheckCommand() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        Path directory = null;
        boolean cluster = false;
        boolean strict = false;
        List<String> flags = new ArrayList<>();
        for (String arg : args) {
            if (arg.equalsIgnoreCase("--cluster")) {
                cluster = true;
            } else if (arg.equalsIgnoreCase("--strict")) {
                strict = true;
            } else if (arg.startsWith("-")) {
                flags.add(arg);
            } else if (directory == null) {
                directory = Path.of(arg);
            } else {
                err.println("check: one manifests directory expected, got also \"" + arg + "\"");
                return 2;
            }
        }
        if (directory == null) {
            err.println("check: usage: jetway check DIR [--cluster] [--strict] [flags]");
            return 2;
        }
        StaticConfig config;
        try {
            config = StaticConfigParser.parse(flags.toArray(String[]::new));
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return 2;
        }
        boolean entryPointsGiven = flags.stream().map(f -> f.toLowerCase(Locale.ROOT))
                .anyMatch(f -> f.startsWith("--entrypoints.") || f.startsWith("--configfile"));
        KubernetesCrdConfig crd = config.kubernetesCrd();
        CrdOptions options = new CrdOptions(crd.allowCrossNamespace(), crd.allowEmptyServices(),
                crd.allowExternalNameServices(), false);
        ManifestCheck.Report report;
        try {
            // Ingresses are always checked: with the provider's flags when given, else Traefik's defaults.
            IngressOptions ingress = config.kubernetesIngress().enabled()
                    ? IngressOptions.from(config.kubernetesIngress()) : IngressOptions.DEFAULTS;
            report = ManifestCheck.run(directory, options, ingress,
                    entryPointsGiven ? List.copyOf(config.entryPoints().keySet()) : List.of(),
                    InternalService.enabledBy(config.api(), config.ping(), config.metrics()), cluster,
                    StaticTls.of(config), entryPointsGiven ? ControlPlane.layer4EntryPoints(config) : null,
                    GatewayOptions.forCheck(config, entryPointsGiven));
        } catch (IOException e) {
            err.println("check: " + e.getMessage());
            return 2;
        }
        report.errors().forEach(out::println);
        report.warnings().forEach(out::println);
        report.notes().forEach(out::println);
        out.println(report.summary());
        boolean failed = !report.errors().isEmpty() || strict && !report.warnings().isEmpty();
        return failed ? 1 : 0;
    }
}
