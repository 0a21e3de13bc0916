package io.jetway.check;

import io.jetway.e2e.Manifests;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every YAML example of the seed documents that holds Kubernetes objects, copied as written into
 * src/test/resources/seed-examples (seed 002's with the indentation its page lost restored), passes
 * {@code jetway check --cluster}: an example names Services
 * and Secrets that live in the cluster, not in the example. Examples that need a provider option
 * get the option their document names; the few that cannot pass say why below.
 */
class SeedExamplesCheckTest {

    /** Examples whose documents say they need an option of the CRD provider. */
    private static final Map<String, List<String>> OPTIONS = Map.of(
            "000_0758", List.of("--providers.kubernetescrd.allowcrossnamespace=true"),
            "001_0313", List.of("--providers.kubernetescrd.allowcrossnamespace=true"),
            "002_0335", List.of("--providers.kubernetescrd.allowcrossnamespace=true"),
            "001_0599", List.of("--providers.kubernetescrd.allowcrossnamespace=true"),
            "001_0485", List.of("--providers.kubernetescrd.allowexternalnameservices=true"),
            "001_0515", List.of("--providers.kubernetescrd.allowexternalnameservices=true"),
            "001_0546", List.of("--providers.kubernetescrd.allowexternalnameservices=true"),
            "001_1199", List.of("--providers.kubernetescrd.allowexternalnameservices=true"),
            "001_1260", List.of("--providers.kubernetescrd.allowexternalnameservices=true"),
            // The dashboard route to api@internal: the document's Helm values enable the API.
            "003_0286", List.of("--api=true"));

    /** Examples that are broken as written, with the error check gives for each. */
    private static final Map<String, String> BROKEN = Map.of(
            // A Gateway API HTTPRoute whose rule repeats the key backendRefs: invalid YAML for any parser.
            "000_0396", "example.yaml:51: found duplicate key backendRefs",
            // The mirrors list is indented deeper than its siblings: invalid YAML.
            "001_0861", "example.yaml:13: mapping values are not allowed here",
            // Shows the namespace field only; Traefik too refuses a Service without a port
            // ("ingressRoute service port not defined").
            "001_0658", "spec.routes[0].services[0].port: is required for a Service",
            // An IngressRouteTCP service without a port, its ExternalName Service having one: the page says
            // Traefik takes the Service's, but Traefik's CRD requires the port and its provider refuses a
            // service without one ("ingressRoute service port not defined").
            "001_1229", "spec.routes[0].services[0].port: is required, also for an ExternalName Service",
            // An IngressRouteTCP with HostSNI(`bar`) and no tls: Traefik's router manager disables it too
            // ("has HostSNI matcher, but no TLS on router"); a connection without TLS has no SNI.
            "001_0104", "HostSNI(`bar`) needs tls on the router",
            // The deprecated v1beta1 shape, with the port misspelt "serverPort".
            "004_0950", "spec.defaultBackend.servicePort: is required (found unknown key serverPort)");

    static Stream<String> examples() throws IOException, URISyntaxException {
        Path dir = directory();
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
                    .map(n -> n.substring(0, n.length() - ".yaml".length())).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void passesCheck(String example) throws Exception {
        Path file = Files.createTempDirectory("seed-example").resolve("example.yaml");
        Files.copy(directory().resolve(example + ".yaml"), file);
        List<String> args = new ArrayList<>(List.of(file.getParent().toString(), "--cluster"));
        args.addAll(OPTIONS.getOrDefault(example, List.of()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = CheckCommand.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String printed = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        String broken = BROKEN.get(example);
        if (broken == null) {
            assertEquals(0, exit, printed);
            assertTrue(printed.contains("; 0 errors"), printed);
        } else {
            assertEquals(1, exit, printed);
            assertTrue(printed.contains(broken), printed);
        }
    }

    private static Path directory() throws URISyntaxException {
        return Path.of(Objects.requireNonNull(SeedExamplesCheckTest.class.getResource(Manifests.SEED_EXAMPLES)).toURI());
    }
}
