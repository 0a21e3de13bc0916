package io.jetway.check;

import io.jetway.e2e.Manifests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code jetway check} on Gateway API objects: translated with the cluster-free defaults, each object's conditions printed. */
class CheckGatewayTest {

    @TempDir
    Path dir;

    private record Result(int exit, String printed) {
    }

    private Result check(String yaml, String... flags) throws Exception {
        Files.writeString(dir.resolve("gw.yaml"), yaml);
        List<String> args = new ArrayList<>(List.of(dir.toString()));
        args.addAll(List.of(flags));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = CheckCommand.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        return new Result(exit, out.toString(StandardCharsets.UTF_8));
    }

    private static String gateway(int port) {
        return """
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: traefik-gateway, namespace: default}
                spec:
                  gatewayClassName: traefik
                  listeners:
                    - {name: web, port: %d, protocol: HTTP, allowedRoutes: {namespaces: {from: All}}}
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: whoami, namespace: default}
                spec:
                  parentRefs: [{name: traefik-gateway, sectionName: web}]
                  hostnames: [whoami.docker.localhost]
                  rules:
                    - matches: [{path: {type: PathPrefix, value: /}}]
                      backendRefs: [{name: whoami, port: 80}]
                ---
                """.formatted(port) + Manifests.serviceWithEndpointSlice("whoami", 8080);
    }

    @Test
    void printsTheConditionsEachObjectWouldGet() throws Exception {
        Result r = check(gateway(80));
        assertEquals(0, r.exit(), r.printed());
        assertTrue(r.printed().contains("Gateway/default/traefik-gateway: status: Accepted=True (Accepted), Programmed=True (Programmed);"
                + " listener web: Accepted=True (Accepted), ResolvedRefs=True (ResolvedRefs), Programmed=True (Programmed), attachedRoutes=1"),
                r.printed());
        assertTrue(r.printed().contains("HTTPRoute/default/whoami: status: parent traefik-gateway/web: Accepted=True (Accepted),"
                + " ResolvedRefs=True (ResolvedRefs)"), r.printed());
        assertTrue(r.printed().contains("GatewayClass traefik is not in the input"), "the cluster-free class is said: " + r.printed());
        assertTrue(r.printed().contains("1 routers (0 disabled)"), r.printed());
    }

    @Test
    void aListenerOnAPortWithoutEntryPointSaysWhichPortsExist() throws Exception {
        Result r = check(gateway(9999));
        assertTrue(r.printed().contains("listener web: Accepted=False (PortUnavailable: Cannot find entryPoint for Gateway: no matching"
                + " entryPoint for port 9999 and protocol \"HTTP\"; a listener's port must be an entry point's own listening port"
                + " (not the Service's port): [80, 443, 8000, 8443])"), r.printed());
        assertTrue(r.printed().contains("HTTPRoute/default/whoami: status: parent traefik-gateway/web: Accepted=False (NotAllowedByListeners)"),
                r.printed());
        // As Traefik: a listener that failed admits no route kind, hence NotAllowedByListeners.
        assertEquals(1, r.exit(), "an HTTPRoute attached nowhere is an error: " + r.printed());
    }

    @Test
    void theEntryPointFlagsReplaceTheDefaults() throws Exception {
        Result r = check(gateway(80), "--entrypoints.web.address=:8081");
        assertTrue(r.printed().contains("(not the Service's port): [8081]"), r.printed());
    }
}
