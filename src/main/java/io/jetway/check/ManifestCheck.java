package io.jetway.check;

import io.jetway.dynamic.DynamicConfig;
import io.jetway.dynamic.RouterConfig;
import io.jetway.kube.KnownKinds;
import io.jetway.kube.KubeObject;
import io.jetway.kube.Node;
import io.jetway.kube.ObjectRef;
import io.jetway.kube.Problem;
import io.jetway.kube.ResourceSnapshot;
import io.jetway.provider.file.DuplicateObjects;
import io.jetway.provider.file.ManifestFiles;
import io.jetway.provider.file.ManifestReader;
import io.jetway.routing.RouterStatus;
import io.jetway.routing.RoutingTableBuilder;
import io.jetway.routing.layer4.Layer4Builder;
import io.jetway.routing.layer4.Layer4State;
import io.jetway.routing.layer4.Layer4Table;
import io.jetway.tls.EntryPointTlsModel;
import io.jetway.tls.acme.UnknownResolvers;
import io.jetway.translate.DynamicConfigMerger;
import io.jetway.translate.crd.CrdOptions;
import io.jetway.translate.gateway.GatewayOptions;
import io.jetway.translate.ingress.IngressOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code jetway check DIR}: loads a manifests directory as the file provider does, translates and
 * builds it as a reload would (every service and middleware, used or not), and lists each problem
 * as {@code file:line: kind/namespace/name: message}.
 */
public final class ManifestCheck {

    /**
     * @param errors   problems that disable something, each {@code file:line: kind/namespace/name: message}
     * @param warnings what serves but deserves a look, each {@code file:line: kind/namespace/name: warning: message}
     *                 (a certificate that cannot be loaded, an unknown certificates resolver; with
     *                 {@code --cluster}, references to objects that are not in the directory)
     * @param notes    what was skipped (kinds Jetway does not read, documents that are not objects)
     */
    public record Report(List<String> errors, List<String> warnings, List<String> notes, int routers,
                         int disabledRouters, int services, int middlewares, int tcpRouters, int disabledTcpRouters,
                         int udpRouters, int disabledUdpRouters) {

        /** TCP and UDP routers are counted only when there are some, so HTTP-only reports read as before. */
        public String summary() {
            return "%d routers (%d disabled), %d services, %d middlewares%s%s; %d errors%s"
                    .formatted(routers, disabledRouters, services, middlewares,
                            tcpRouters == 0 ? "" : ", " + tcpRouters + " TCP routers (" + disabledTcpRouters + " disabled)",
                            udpRouters == 0 ? "" : ", " + udpRouters + " UDP routers (" + disabledUdpRouters + " disabled)",
                            errors.size(), warnings.isEmpty() ? "" : ", " + warnings.size() + " warnings");
        }
    }

    private ManifestCheck() {
    }

    /** As {@link #run(Path, CrdOptions, IngressOptions, List, Set, boolean)} for a directory that holds the whole configuration. */
    public static Report run(Path directory, CrdOptions options, List<String> entryPoints, Set<String> internalServices)
            throws IOException {
        return run(directory, options, IngressOptions.DEFAULTS, entryPoints, internalServices, false);
    }

    /** As {@link #run(Path, CrdOptions, IngressOptions, List, Set, boolean, StaticTls)} without static TLS settings. */
    public static Report run(Path directory, CrdOptions options, IngressOptions ingressOptions, List<String> entryPoints,
                             Set<String> internalServices, boolean cluster) throws IOException {
        return run(directory, options, ingressOptions, entryPoints, internalServices, cluster, StaticTls.NONE);
    }

    /** As {@link #run(Path, CrdOptions, IngressOptions, List, Set, boolean, StaticTls, Layer4Builder.EntryPointNames)}
     * with the layer-4 entry points taken from the routes. */
    public static Report run(Path directory, CrdOptions options, IngressOptions ingressOptions, List<String> entryPoints,
                             Set<String> internalServices, boolean cluster, StaticTls staticTls) throws IOException {
        return run(directory, options, ingressOptions, entryPoints, internalServices, cluster, staticTls, null);
    }

    /**
     * @param ingressOptions how Ingresses are translated; null to leave them out
     * @param entryPoints    the entry points to check routes against; empty: every one the routes name, and web
     * @param cluster        the directory is part of what a cluster holds: a reference to an object that
     *                       is not in it is a warning, not an error
     * @param staticTls      the entry points' http.tls and the certificates resolvers the static configuration defines
     * @param layer4EntryPoints the TCP and UDP entry points TCP and UDP routers are checked against; null:
     *                       every one their routes name exists with their protocol
     */
    public static Report run(Path directory, CrdOptions options, IngressOptions ingressOptions, List<String> entryPoints,
                             Set<String> internalServices, boolean cluster, StaticTls staticTls,
                             Layer4Builder.EntryPointNames layer4EntryPoints) throws IOException {
        return run(directory, options, ingressOptions, entryPoints, internalServices, cluster, staticTls, layer4EntryPoints,
                new GatewayOptions(false, List.of(), false, null, GatewayOptions.CLUSTER_FREE_ENTRY_POINTS, true));
    }

    /**
     * The same, translating Gateway API objects with {@code gatewayOptions}; the conditions each
     * would get are notes of the report.
     */
    public static Report run(Path directory, CrdOptions options, IngressOptions ingressOptions, List<String> entryPoints,
                             Set<String> internalServices, boolean cluster, StaticTls staticTls,
                             Layer4Builder.EntryPointNames layer4EntryPoints, GatewayOptions gatewayOptions) throws IOException {
        List<String> errors = new ArrayList<>();
        List<String> readWarnings = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<KubeObject> read = new ArrayList<>();
        ManifestFiles.Listing listing = manifestFiles(directory);
        listing.problems().forEach(p -> readWarnings.add(p.replaceFirst(": skipped: ", ": warning: skipped: ")));
        for (Path file : listing.files()) {
            String label = file.equals(directory) ? file.getFileName().toString() : directory.relativize(file).toString();
            try {
                ManifestReader.Result result = ManifestReader.readFile(label, file);
                for (KubeObject o : result.objects()) {
                    String id = o.source() + ": " + o.kind() + "/" + o.namespace() + "/" + o.name() + ": ";
                    if (KnownKinds.isKnown(o.apiVersion(), o.kind())) {
                        read.add(o);
                    } else if (KnownKinds.isMistakenTraefikObject(o.apiVersion(), o.kind())) {
                        readWarnings.add(id + "warning: " + KnownKinds.skippedBecause(o.apiVersion(), o.kind()));
                    } else {
                        notes.add(id + KnownKinds.skippedBecause(o.apiVersion(), o.kind()));
                    }
                }
                result.skipped().forEach(s -> notes.add(s + ": skipped"));
            } catch (ManifestReader.ManifestException e) {
                errors.add(e.getMessage()); // already "file:line: problem"
            }
        }
        DuplicateObjects.Result unique = DuplicateObjects.firstWins(read);
        List<KubeObject> objects = unique.kept();
        Map<ObjectRef, String> sources = new HashMap<>();
        for (KubeObject o : objects) {
            sources.putIfAbsent(o.ref(), o.source());
        }
        ResourceSnapshot snapshot = new ResourceSnapshot(objects, unique.problems());
        DynamicConfig translated = DynamicConfigMerger.translate(snapshot, options, ingressOptions, null, gatewayOptions);
        notes.addAll(GatewayConditionNotes.of(translated.gatewayStatus(), sources));
        List<String> checkedEntryPoints = entryPointsFor(translated, entryPoints);
        // As a reload does: entry point TLS first, then the resolvers the routers name.
        DynamicConfig config = UnknownResolvers.withWarnings(
                EntryPointTlsModel.apply(translated, staticTls.byEntryPoint(), checkedEntryPoints), staticTls.resolvers());
        RoutingTableBuilder.Checked checked = RoutingTableBuilder.check(config, checkedEntryPoints, internalServices);
        Layer4Table layer4 = Layer4Builder.build(config.layer4(), config.tls().options().keySet(),
                layer4EntryPoints != null ? layer4EntryPoints : layer4EntryPointsFor(config, checkedEntryPoints),
                new Layer4State());

        Findings findings = new Findings(sources, cluster, parentsOf(objects));
        config.problems().stream().filter(p -> !p.isWarning()).forEach(p -> findings.error(p.object(), p.message()));
        checked.serviceErrors().forEach((name, error) -> findings.error(config.services().get(name).source(), error));
        checked.middlewareErrors().forEach((name, error) -> findings.error(config.middlewares().get(name).source(), error));
        int disabled = 0;
        for (RouterStatus status : checked.table().routerStatuses()) {
            if (status.status().equals(RouterStatus.DISABLED)) {
                disabled++;
            }
            RouterConfig router = config.routers().get(status.name());
            status.errors().forEach(error -> findings.error(router.source(), "router " + status.name() + ": " + error));
        }
        Set<String> translationErrors = new HashSet<>();
        config.problems().stream().filter(p -> !p.isWarning() && p.element() != null).forEach(p -> translationErrors.add(p.element()));
        Layer4Findings.errors(config.layer4(), layer4, translationErrors, findings::error);
        // Warnings after errors: a cause said as an error is not said again as a warning.
        config.problems().stream().filter(Problem::isWarning).forEach(p -> findings.warning(p.object(), p.text(), ""));
        for (RouterStatus status : checked.table().routerStatuses()) {
            RouterConfig router = config.routers().get(status.name());
            status.warnings().forEach(w -> findings.warning(router.source(), "router " + status.name() + ": " + w, ""));
        }
        Layer4Findings.warnings(config.layer4(), layer4, (object, message) -> findings.warning(object, message, ""));
        errors.addAll(findings.lines);
        readWarnings.addAll(findings.warnings);
        return new Report(List.copyOf(errors), List.copyOf(readWarnings), List.copyOf(notes),
                config.routers().size(), disabled,
                config.services().size(), config.middlewares().size(),
                config.layer4().tcpRouters().size(), Layer4Findings.disabled(layer4.tcpRouterStatuses()),
                config.layer4().udpRouters().size(), Layer4Findings.disabled(layer4.udpRouterStatuses()));
    }

    /**
     * The lines to print, each cause once: a router's error usually repeats its service's or
     * middleware's own, which is said where that object is defined.
     */
    private static final class Findings {
        private final Map<ObjectRef, String> sources;
        private final boolean cluster;
        private final List<String> causes = new ArrayList<>();
        private final Set<String> warningCauses = new HashSet<>();
        private final Set<String> lines = new LinkedHashSet<>();
        private final Set<String> warnings = new LinkedHashSet<>();
        private final Map<ObjectRef, Set<ObjectRef>> parents;
        private final Set<ObjectRef> warned = new HashSet<>();
        private final Set<ObjectRef> failed = new HashSet<>();

        Findings(Map<ObjectRef, String> sources, boolean cluster, Map<ObjectRef, Set<ObjectRef>> parents) {
            this.sources = sources;
            this.cluster = cluster;
            this.parents = parents;
        }

        /**
         * A parent IngressRoute is left without children when each child was dropped only for
         * references to objects that are not in the directory: a consequence, not a cause.
         */
        private boolean childlessOnlyThroughAbsentObjects(ObjectRef object, String message) {
            if (!message.endsWith("the router has no service and no child router")) {
                return false;
            }
            List<ObjectRef> children = parents.entrySet().stream()
                    .filter(e -> e.getValue().contains(object)).map(Map.Entry::getKey).toList();
            return !children.isEmpty() && children.stream().allMatch(c -> warned.contains(c) && !failed.contains(c));
        }

        /** A problem that disables something; with {@code --cluster} one that only names an absent object is a warning. */
        void error(ObjectRef object, String message) {
            if (cluster && UnresolvedReference.only(message)) {
                if (warning(object, message, " (not in the directory: it must exist in the cluster)")) {
                    warned.add(object);
                }
            } else if (cluster && childlessOnlyThroughAbsentObjects(object, message)) {
                warning(object, message, " (its child IngressRoutes name objects that are not in the directory)");
            } else if (firstTime(message)) {
                failed.add(object);
                lines.add(where(object) + message);
            }
        }

        /**
         * Something that serves but deserves a look, said once per object (the routes of one
         * IngressRoute often share it) and not when the same cause was said as an error. The message
         * carries no "warning: " marker of its own: it is added here, once.
         *
         * @return false when it was already said
         */
        boolean warning(ObjectRef object, String message, String why) {
            String cause = causeOf(message);
            if (causes.stream().anyMatch(c -> cause.contains(c) || c.contains(cause))
                    || !warningCauses.add(where(object) + cause)) {
                return false;
            }
            warnings.add(where(object) + "warning: " + message + why);
            return true;
        }

        /** A router's message usually repeats its service's or middleware's own: each cause once. */
        private boolean firstTime(String message) {
            String cause = causeOf(message);
            if (causes.stream().anyMatch(c -> cause.contains(c) || c.contains(cause))) {
                return false;
            }
            causes.add(cause);
            return true;
        }

        private static String causeOf(String message) {
            return message.startsWith("router ") || message.startsWith("TCP router ") || message.startsWith("UDP router ")
                    ? message.substring(message.indexOf(": ") + 2) : message;
        }

        private String where(ObjectRef object) {
            String source = object == null ? "?" : sources.getOrDefault(object, "?");
            String id = object == null ? "-" : object.kind() + "/" + object.namespace() + "/" + object.name();
            return source + ": " + id + ": ";
        }
    }

    /** For each IngressRoute with parentRefs: the parent IngressRoutes it names. */
    private static Map<ObjectRef, Set<ObjectRef>> parentsOf(List<KubeObject> objects) {
        Map<ObjectRef, Set<ObjectRef>> parents = new HashMap<>();
        for (KubeObject o : objects) {
            if (!o.kind().equals("IngressRoute")) {
                continue;
            }
            for (Node ref : o.spec().get("parentRefs").list()) {
                String name = ref.get("name").string(null);
                if (name != null) {
                    parents.computeIfAbsent(o.ref(), k -> new HashSet<>())
                            .add(new ObjectRef("IngressRoute", ref.get("namespace").string(o.namespace()), name));
                }
            }
        }
        return parents;
    }

    private static List<String> entryPointsFor(DynamicConfig config, List<String> given) {
        if (!given.isEmpty()) {
            return given;
        }
        Set<String> names = new TreeSet<>(List.of("web"));
        config.routers().values().forEach(r -> names.addAll(r.entryPoints()));
        return List.copyOf(names);
    }

    /**
     * Without entry point flags every entry point a route names exists: TCP routers take the HTTP
     * ones and those they name, UDP routers those they name.
     */
    private static Layer4Builder.EntryPointNames layer4EntryPointsFor(DynamicConfig config, List<String> http) {
        Set<String> tcp = new TreeSet<>(http);
        config.layer4().tcpRouters().values().forEach(r -> tcp.addAll(r.entryPoints()));
        Set<String> udp = new TreeSet<>();
        config.layer4().udpRouters().values().forEach(r -> udp.addAll(r.entryPoints()));
        return new Layer4Builder.EntryPointNames(List.copyOf(tcp), List.copyOf(tcp), List.copyOf(udp));
    }

    private static ManifestFiles.Listing manifestFiles(Path directory) throws IOException {
        if (Files.isRegularFile(directory)) {
            return new ManifestFiles.Listing(List.of(directory), List.of());
        }
        if (!Files.isDirectory(directory)) {
            throw new IOException("no such directory: " + directory);
        }
        return ManifestFiles.under(directory, p -> p.startsWith(directory) && !p.equals(directory)
                ? directory.relativize(p).toString() : p.toString());
    }
}
