package io.jetway.check;

import io.jetway.model.DynamicConfig;
import io.jetway.model.KubeObject;
import io.jetway.model.ObjectRef;
import io.jetway.model.ResourceSnapshot;
import io.jetway.model.RouterConfig;
import io.jetway.provider.KnownKinds;
import io.jetway.provider.file.FileProvider;
import io.jetway.provider.file.ManifestReader;
import io.jetway.routing.RouterStatus;
import io.jetway.routing.RoutingTableBuilder;
import io.jetway.translate.DynamicConfigMerger;
import io.jetway.translate.crd.CrdOptions;
import io.jetway.translate.ingress.IngressOptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * {@code jetway check DIR}: loads a manifests directory as the file provider does, translates and
 * builds it as a reload would (every service and middleware, used or not), and lists each problem
 * as {@code file:line: kind/namespace/name: message}.
 */
public final class ManifestCheck {

    /**
     * @param errors problems that disable something, each {@code file:line: kind/namespace/name: message}
     * @param notes  what was skipped (kinds Jetway does not read, documents that are not objects)
     */
    public record Report(List<String> errors, List<String> notes, int routers, int disabledRouters, int services,
                         int middlewares) {

        public String summary() {
            return "%d routers (%d disabled), %d services, %d middlewares; %d errors"
                    .formatted(routers, disabledRouters, services, middlewares, errors.size());
        }
    }

    private ManifestCheck() {
    }

    /** @param entryPoints the entry points to check routes against; empty: every one the routes name, and web */
    public static Report run(Path directory, CrdOptions options, List<String> entryPoints, Set<String> internalServices)
            throws IOException {
        return run(directory, options, IngressOptions.DEFAULTS, entryPoints, internalServices);
    }

    /** @param ingressOptions how Ingresses are translated; null to leave them out */
    public static Report run(Path directory, CrdOptions options, IngressOptions ingressOptions, List<String> entryPoints,
                             Set<String> internalServices) throws IOException {
        List<String> errors = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<KubeObject> objects = new ArrayList<>();
        for (Path file : manifestFiles(directory)) {
            String label = file.equals(directory) ? file.getFileName().toString() : directory.relativize(file).toString();
            try {
                ManifestReader.Result result = ManifestReader.read(label, Files.readString(file, StandardCharsets.UTF_8));
                for (KubeObject o : result.objects()) {
                    if (KnownKinds.isKnown(o.apiVersion(), o.kind())) {
                        objects.add(o);
                    } else {
                        notes.add(o.source() + ": " + o.kind() + "/" + o.namespace() + "/" + o.name()
                                + ": skipped: Jetway does not read " + o.apiVersion() + " " + o.kind());
                    }
                }
                result.skipped().forEach(s -> notes.add(s + ": skipped"));
            } catch (ManifestReader.ManifestException e) {
                errors.add(e.getMessage()); // already "file:line: problem"
            }
        }
        Map<ObjectRef, String> sources = new HashMap<>();
        for (KubeObject o : objects) {
            sources.putIfAbsent(o.ref(), o.source());
        }
        DynamicConfig config = DynamicConfigMerger.translate(new ResourceSnapshot(objects), options, ingressOptions);
        RoutingTableBuilder.Checked checked = RoutingTableBuilder.check(config, entryPointsFor(config, entryPoints), internalServices);

        Findings findings = new Findings(sources);
        config.problems().forEach(p -> findings.add(p.object(), p.message()));
        checked.serviceErrors().forEach((name, error) -> findings.add(config.services().get(name).source(), error));
        checked.middlewareErrors().forEach((name, error) -> findings.add(config.middlewares().get(name).source(), error));
        int disabled = 0;
        for (RouterStatus status : checked.table().routerStatuses()) {
            if (status.status().equals(RouterStatus.DISABLED)) {
                disabled++;
            }
            RouterConfig router = config.routers().get(status.name());
            status.errors().forEach(error -> findings.add(router.source(), "router " + status.name() + ": " + error));
        }
        errors.addAll(findings.lines);
        return new Report(List.copyOf(errors), List.copyOf(notes), config.routers().size(), disabled,
                config.services().size(), config.middlewares().size());
    }

    /**
     * The lines to print, each cause once: a router's error usually repeats its service's or
     * middleware's own, which is said where that object is defined.
     */
    private static final class Findings {
        private final Map<ObjectRef, String> sources;
        private final List<String> causes = new ArrayList<>();
        private final Set<String> lines = new LinkedHashSet<>();

        Findings(Map<ObjectRef, String> sources) {
            this.sources = sources;
        }

        void add(ObjectRef object, String message) {
            String cause = message.startsWith("router ") ? message.substring(message.indexOf(": ") + 2) : message;
            if (causes.stream().anyMatch(c -> cause.contains(c) || c.contains(cause))) {
                return;
            }
            causes.add(cause);
            String source = object == null ? "?" : sources.getOrDefault(object, "?");
            String id = object == null ? "-" : object.kind() + "/" + object.namespace() + "/" + object.name();
            lines.add(source + ": " + id + ": " + message);
        }
    }

    private static List<String> entryPointsFor(DynamicConfig config, List<String> given) {
        if (!given.isEmpty()) {
            return given;
        }
        Set<String> names = new TreeSet<>(List.of("web"));
        config.routers().values().forEach(r -> names.addAll(r.entryPoints()));
        return List.copyOf(names);
    }

    private static List<Path> manifestFiles(Path directory) throws IOException {
        if (Files.isRegularFile(directory)) {
            return List.of(directory);
        }
        if (!Files.isDirectory(directory)) {
            throw new IOException("no such directory: " + directory);
        }
        try (Stream<Path> walk = Files.walk(directory)) {
            return walk.filter(Files::isRegularFile).filter(FileProvider::isManifest).sorted().toList();
        }
    }
}
