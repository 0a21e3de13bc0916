package io.jetway.provider.file;

import io.jetway.kube.KubeObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ManifestReaderTest {

    @Test
    void readsMultiDocumentYamlWithDefaultNamespaceAndLists() throws Exception {
        ManifestReader.Result r = ManifestReader.read("app.yaml", """
                apiVersion: v1
                kind: Service
                metadata: {name: a}
                ---
                # an empty document is fine
                ---
                apiVersion: traefik.io/v1alpha1
                kind: IngressRoute
                metadata: {name: b, namespace: apps}
                spec: {routes: []}
                ---
                apiVersion: v1
                kind: List
                items:
                  - {apiVersion: v1, kind: Secret, metadata: {name: c}}
                  - {apiVersion: v1, kind: Secret, metadata: {name: d, namespace: x}}
                ---
                apiVersion: v1
                kind: Service
                metadata: {namespace: nameless}
                """);
        List<String> ids = r.objects().stream().map(o -> o.kind() + " " + o.namespace() + "/" + o.name()).toList();
        assertEquals(List.of("Service default/a", "IngressRoute apps/b", "Secret default/c", "Secret x/d"), ids);
        assertEquals(List.of("app.yaml:18: Service without metadata.name"), r.skipped());
        KubeObject route = r.objects().get(1);
        assertEquals("app.yaml:7", route.source(), "each object knows the line its document starts on");
        assertEquals("traefik.io", route.group());
        assertThrows(UnsupportedOperationException.class, () -> route.document().put("x", 1), "snapshots are immutable");
    }

    @Test
    void readsJson() throws Exception {
        ManifestReader.Result r = ManifestReader.read("svc.json",
                "{\"apiVersion\": \"v1\", \"kind\": \"Service\", \"metadata\": {\"name\": \"j\"}, \"spec\": {\"ports\": [{\"port\": 80}]}}");
        assertEquals("j", r.objects().get(0).name());
        assertEquals(List.of(Map.of("port", 80)), r.objects().get(0).document().get("spec") instanceof Map<?, ?> m ? m.get("ports") : null);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unclosed flow mapping | 'apiVersion: v1\\nkind: Service\\nmetadata: {name: a\\nspec: x\\n' | 4",
            "bad indentation       | 'apiVersion: v1\\nkind: Service\\n  metadata: x\\n'              | 3",
            "duplicate key         | 'apiVersion: v1\\napiVersion: v2\\n'                           | 2",
    })
    void syntaxErrorsNameFileAndLine(String label, String yaml, int line) {
        ManifestReader.ManifestException e = assertThrows(ManifestReader.ManifestException.class,
                () -> ManifestReader.read("broken.yaml", yaml.replace("\\n", "\n")));
        assertEquals(line, e.line(), e.getMessage());
        assertTrue(e.getMessage().startsWith("broken.yaml:" + line + ": "), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), "one line");
    }
}
