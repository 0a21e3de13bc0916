package io.jetway.e2e.conformance;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What every conformance class shares: one {@link ConformanceCluster} for the class (started
 * before a subclass's own {@code @BeforeAll}, closed after its {@code @AfterAll}), the objects a
 * test applied removed after it, and the suite's HTTPRoute manifest shape.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ConformanceClass {

    @TempDir
    static Path dir;

    ConformanceCluster cluster;

    @BeforeAll
    void startCluster() throws Exception {
        cluster = ConformanceCluster.start(Files.createDirectories(dir.resolve("cluster")));
    }

    @AfterEach
    void cleanUp() throws Exception {
        cluster.cleanUp();
    }

    @AfterAll
    void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    static String route(String name, String namespace, String spec) {
        return """
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: %s, namespace: %s}
                spec:
                %s""".formatted(name, namespace, spec.indent(2));
    }
}
