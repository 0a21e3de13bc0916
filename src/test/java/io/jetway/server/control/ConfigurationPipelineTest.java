package io.jetway.server.control;

import io.jetway.build.RuntimeSnapshotHolder;
import io.jetway.kube.ResourceSnapshot;
import io.jetway.provider.file.ManifestReader;
import io.jetway.routing.RoutingTable;
import io.jetway.translate.crd.CrdOptions;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

class ConfigurationPipelineTest {

    static ResourceSnapshot snapshot(String yaml, String label) throws Exception {
        return new ResourceSnapshot(ManifestReader.read(label, yaml).objects());
    }

    static final String SERVICE = """
            apiVersion: v1
            kind: Service
            metadata: {name: s}
            spec: {ports: [{port: 80}]}
            ---
            apiVersion: v1
            kind: Endpoints
            metadata: {name: s}
            subsets: [{addresses: [{ip: 10.0.0.1}], ports: [{port: 8080}]}]
            ---
            """;

    static String route(String host) {
        return SERVICE + """
                apiVersion: traefik.io/v1alpha1
                kind: IngressRoute
                metadata: {name: r}
                spec:
                  routes: [{match: "Host(`%s`)", services: [{name: s, port: 80}]}]
                """.formatted(host);
    }

    @Test
    void unchangedInputOrUnchangedTranslationDoesNotRebuild() throws Exception {
        RuntimeSnapshotHolder holder = new RuntimeSnapshotHolder();
        ConfigurationPipeline pipeline = new ConfigurationPipeline(holder, List.of("web"), CrdOptions.DEFAULTS);
        pipeline.accept("file", snapshot(route("a"), "one.yaml"));
        RoutingTable first = holder.current();
        assertEquals(1, pipeline.reloads());

        pipeline.accept("file", snapshot(route("a"), "moved-to-another-file.yaml"));
        assertSame(first, holder.current(), "same objects from another file: no rebuild");

        // A change that translates to the same configuration (an unrelated Secret) does not rebuild either.
        pipeline.accept("file", snapshot(route("a") + "\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: x}\n", "one.yaml"));
        assertSame(first, holder.current());
        assertEquals(1, pipeline.reloads());

        pipeline.accept("file", snapshot(route("b"), "one.yaml"));
        assertNotSame(first, holder.current());
        assertEquals(2, pipeline.reloads());
        assertEquals("Host(`b`)", holder.current().config().routers().values().iterator().next().rule());
    }
}
