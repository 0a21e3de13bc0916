package io.jetway.check;

import io.jetway.e2e.Manifests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code jetway check DIR} translates the Ingresses of the directory too, with the Ingress provider's flags when given. */
class IngressCheckTest {

    static final String INGRESSES = Manifests.APP_SERVICE + """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: good
              annotations:
                kubernetes.io/ingress.class: internal
            spec:
              rules: [{host: a.test, http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: app, port: {number: 80}}}}]}}]
            ---
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: bad
              annotations:
                traefik.ingress.kubernetes.io/router.pathmatcher: Host
            spec:
              rules: [{host: b.test, http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: app, port: {number: 80}}}}]}}]
            """;

    record Result(int code, String out) {
    }

    static Result check(Path dir, String... flags) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String[] args = new String[flags.length + 1];
        args[0] = dir.toString();
        System.arraycopy(flags, 0, args, 1, flags.length);
        int code = CheckCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        return new Result(code, out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void badIngressAnnotationIsReportedWithItsFileAndLine(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("ingress.yaml"), INGRESSES);

        Result r = check(dir);

        assertEquals(1, r.code(), r.out());
        assertTrue(r.out().contains("ingress.yaml:20: Ingress/default/bad: metadata.annotations[\"traefik.ingress.kubernetes.io/router.pathmatcher\"]"),
                r.out());
        assertTrue(r.out().contains("0 routers"), "the class annotation keeps good out with the default options: " + r.out());
    }

    @Test
    void providerFlagsApply(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("ingress.yaml"), INGRESSES);

        Result r = check(dir, "--providers.kubernetesingress.ingressclass=internal");

        assertEquals(0, r.code(), r.out());
        assertFalse(r.out().contains("Ingress/default/bad"), "bad has no class, so it is not Jetway's: " + r.out());
        assertTrue(r.out().contains("1 routers (0 disabled), 1 services"), r.out());
    }
}
