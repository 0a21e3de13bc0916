package io.jetway.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real main class in a child JVM: bad static flags exit 2 with one line naming the flag. */
class CommandLineTest {

    record Outcome(int exitCode, String stdout, String stderr) {
    }

    static Outcome run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.jetway.Jetway"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the process exits");
        return new Outcome(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "--entrypoints.web.adress=:80            | --entrypoints.web.adress: unknown flag (did you mean --entrypoints.web.address?)",
            "--entrypoints.web.address=:notaport     | --entrypoints.web.address",
            "--log.level=LOUD                        | --log.level",
            "--providers.file.watch=maybe            | --providers.file.watch",
            "--ping.entrypoint=nowhere               | --ping.entrypoint: entry point \"nowhere\" does not exist",
            "--metrics.prometheus.entrypoint=nowhere | --metrics.prometheus.entrypoint: entry point \"nowhere\" does not exist",
            "--metrics.prometheus.buckets=0.5,0.1    | --metrics.prometheus.buckets",
            "--accesslog.format=xml                  | --accesslog.format: invalid format",
            "--accesslog.filters.statuscodes=2xx     | --accesslog.filters.statuscodes: invalid status code range",
            "--accesslog.fields.headers.names.Cookie=hide | --accesslog.fields.headers.names.Cookie: invalid mode",
            "--certificatesresolvers.le.acme.keytype=EC521 | --certificatesresolvers.le.acme.keytype: invalid key type",
            "--certificatesresolvers.le.acme.tlschallenge=yes | --certificatesresolvers.le.acme.tlschallenge",
            "--entrypoints.web.transport.respondingtimeouts.readtimeout=soon | --entrypoints.web.transport.respondingtimeouts.readtimeout: invalid duration",
            "--entrypoints.web.transport.respondingtimeouts.readheadertimeout=-1s | --entrypoints.web.transport.respondingtimeouts.readheadertimeout",
            "--entrypoints.web.http.maxheaderbytes=1KB   | --entrypoints.web.http.maxheaderbytes: invalid number",
            "--entrypoints.web.transport.acceptbacklog=0 | --entrypoints.web.transport.acceptbacklog: invalid backlog",
            "--tls.engine=openssl                    | --tls.engine: invalid TLS engine \"openssl\" (expected one of auto, conscrypt, jdk)",
            "--proxy.directforwarding=maybe          | --proxy.directforwarding",
    })
    void badFlagExitsTwoWithOneLine(String flag, String expected) throws Exception {
        Outcome o = run(flag);
        assertEquals(2, o.exitCode(), o.stderr());
        String[] lines = o.stderr().strip().split("\n");
        assertEquals(1, lines.length, o.stderr());
        assertTrue(lines[0].startsWith(expected), lines[0]);
    }

    @Test
    void helpListsEveryFlagWithItsDefault() throws Exception {
        Outcome o = run("--help");
        assertEquals(0, o.exitCode());
        // Each flag's line shows its default next to it.
        String[] pairs = {
                "--entrypoints.<name>.address", "-",
                "--providers.file.directory", "-",
                "--providers.file.watch", "true",
                "--providers.kubernetescrd.allowcrossnamespace", "false",
                "--configfile", "-",
                "--log.level", "ERROR", "--log.format", "common", "--log.filepath", "stderr",
                "--serverstransport.forwardingtimeouts.dialtimeout", "30s",
                "--serverstransport.forwardingtimeouts.responseheadertimeout", "0s",
                "--api", "false",
                "--api.insecure", "false",
                "--api.dashboard", "true",
                "--ping", "false",
                "--ping.entrypoint", "traefik",
                "--entrypoints.<name>.transport.lifecycle.requestacceptgracetimeout", "0s",
                "--entrypoints.<name>.transport.lifecycle.gracetimeout", "10s",
                "--metrics.prometheus", "false",
                "--metrics.prometheus.entrypoint", "traefik",
                "--metrics.prometheus.buckets", "0.1,0.3,1.2,5",
                "--metrics.prometheus.addrouterslabels", "false",
                "--metrics.prometheus.addserviceslabels", "true",
                "--accesslog", "false",
                "--accesslog.format", "common",
                "--accesslog.filepath", "stdout",
                "--accesslog.bufferingsize", "0",
                "--accesslog.fields.defaultmode", "keep",
                "--accesslog.fields.headers.defaultmode", "drop",
                "--certificatesresolvers.<name>.acme.storage", "acme.json",
                "--certificatesresolvers.<name>.acme.caserver", "https://acme-v02.api.letsencrypt.org/directory",
                "--certificatesresolvers.<name>.acme.keytype", "EC256",
                "--certificatesresolvers.<name>.acme.certificatesduration", "2160"};
        java.util.Map<String, String> defaults = new java.util.LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            defaults.put(pairs[i], pairs[i + 1]);
        }
        defaults.forEach((flag, value) -> {
            String line = o.stdout().lines().filter(l -> l.trim().startsWith(flag + "=") || l.trim().startsWith(flag + "["))
                    .findFirst().orElseThrow(() -> new AssertionError(flag + " missing in\n" + o.stdout()));
            assertTrue(java.util.List.of(line.trim().split("\\s+")).contains(value), flag + " default " + value + ": " + line);
        });
    }
}
