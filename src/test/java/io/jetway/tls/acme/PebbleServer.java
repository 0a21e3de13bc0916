package io.jetway.tls.acme;

import io.jetway.util.Pem;
import io.jetway.util.TestCertificates;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Debian's pebble (a test ACME server) on loopback ephemeral ports, with pebble-challtestsrv as its
 * DNS server answering 127.0.0.1 for every name, so validation really connects to the test's
 * servers on {@code httpPort} / {@code tlsPort}. Its listener certificate comes from a test CA
 * ({@link #caFile()}) that resolvers trust through {@code cacertificates}.
 */
public final class PebbleServer implements AutoCloseable {

    private final Path dir;
    private final int acmePort;
    private final int managementPort;
    private final List<Process> processes = new ArrayList<>();
    private final HttpClient client;

    private PebbleServer(Path dir, int acmePort, int managementPort, SSLContext trust) {
        this.dir = dir;
        this.acmePort = acmePort;
        this.managementPort = managementPort;
        this.client = HttpClient.newBuilder().sslContext(trust).connectTimeout(Duration.ofSeconds(5)).build();
    }

    public static boolean installed() {
        return Files.isExecutable(Path.of("/usr/bin/pebble")) && Files.isExecutable(Path.of("/usr/bin/pebble-challtestsrv"));
    }

    /**
     * @param httpPort       where pebble connects for HTTP-01 validation
     * @param tlsPort        where pebble connects for TLS-ALPN-01 validation
     * @param validitySeconds lifetime of the certificates pebble issues
     */
    public static PebbleServer start(Path dir, int httpPort, int tlsPort, long validitySeconds) throws Exception {
        // Ports are chosen free, then released for pebble to bind: another process may take one in
        // between. That shows as "address already in use" in the logs; choosing again is the cure.
        for (int attempt = 1; ; attempt++) {
            try {
                return startOnce(dir, httpPort, tlsPort, validitySeconds);
            } catch (PortTaken e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    /** Pebble or its DNS server could not bind a port chosen for it. */
    private static final class PortTaken extends IllegalStateException {
        PortTaken(String message) {
            super(message);
        }
    }

    private static PebbleServer startOnce(Path dir, int httpPort, int tlsPort, long validitySeconds) throws Exception {
        TestCertificates.Issued ca = TestCertificates.ca("Jetway Pebble Test CA");
        TestCertificates.Issued listener = TestCertificates.issue(ca, "localhost", false, "localhost", "127.0.0.1");
        Files.writeString(dir.resolve("ca.pem"), ca.certificatePem());
        Files.writeString(dir.resolve("cert.pem"), listener.certificatePem());
        Files.writeString(dir.resolve("key.pem"), listener.privateKeyPem());
        int[] ports = distinctFreeTcpPorts(3);
        int acmePort = ports[0];
        int managementPort = ports[1];
        int challengeManagementPort = ports[2];
        int dnsPort = freeTcpAndUdpPort();
        Files.writeString(dir.resolve("pebble.json"), """
                {"pebble": {
                  "listenAddress": "127.0.0.1:%d",
                  "managementListenAddress": "127.0.0.1:%d",
                  "certificate": "%s",
                  "privateKey": "%s",
                  "httpPort": %d,
                  "tlsPort": %d,
                  "ocspResponderURL": "",
                  "externalAccountBindingRequired": false,
                  "certificateValidityPeriod": %d
                }}
                """.formatted(acmePort, managementPort, dir.resolve("cert.pem"), dir.resolve("key.pem"), httpPort, tlsPort,
                validitySeconds));

        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(ca.trustStore());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        PebbleServer pebble = new PebbleServer(dir, acmePort, managementPort, context);
        try {
            pebble.launch(dir.resolve("challtestsrv.log"), List.of("/usr/bin/pebble-challtestsrv",
                    "-dns01", "127.0.0.1:" + dnsPort, "-http01", "", "-https01", "", "-tlsalpn01", "",
                    "-management", "127.0.0.1:" + challengeManagementPort, "-defaultIPv6", ""));
            ProcessBuilder pebbleCommand = new ProcessBuilder("/usr/bin/pebble", "-config", dir.resolve("pebble.json").toString(),
                    "-dnsserver", "127.0.0.1:" + dnsPort);
            pebbleCommand.environment().put("PEBBLE_VA_NOSLEEP", "1");
            pebbleCommand.environment().put("PEBBLE_WFE_NONCEREJECT", "0");
            pebbleCommand.environment().put("PEBBLE_AUTHZREUSE", "0");
            pebble.launch(dir.resolve("pebble.log"), pebbleCommand);
            pebble.awaitDirectory();
            return pebble;
        } catch (Exception e) {
            pebble.close();
            throw e;
        }
    }

    private void launch(Path log, List<String> command) throws IOException {
        launch(log, new ProcessBuilder(command));
    }

    private void launch(Path log, ProcessBuilder command) throws IOException {
        command.redirectErrorStream(true).redirectOutput(log.toFile()).directory(dir.toFile());
        processes.add(command.start());
    }

    /** Pebble generates its CA keys at start (a few seconds on a busy machine). */
    private void awaitDirectory() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(directoryUrl())).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            for (Process p : processes) {
                if (!p.isAlive()) {
                    String logs = Files.readString(dir.resolve("pebble.log")) + Files.readString(dir.resolve("challtestsrv.log"));
                    throw logs.contains("address already in use")
                            ? new PortTaken("pebble exited: " + logs)
                            : new IllegalStateException("pebble exited: " + logs);
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("pebble did not start: " + Files.readString(dir.resolve("pebble.log")));
            }
            Thread.sleep(100);
        }
    }

    public String directoryUrl() {
        return "https://127.0.0.1:" + acmePort + "/dir";
    }

    /** The test CA that signed pebble's listener certificate. */
    public Path caFile() {
        return dir.resolve("ca.pem");
    }

    /** Pebble's issuing root (regenerated at each start), from its management interface. */
    public X509Certificate root() throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(
                URI.create("https://127.0.0.1:" + managementPort + "/roots/0")).build(), HttpResponse.BodyHandlers.ofString());
        return Pem.certificates(r.body()).get(0);
    }

    public static int freeTcpPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Ports held open together while chosen, so no two are the same. */
    private static int[] distinctFreeTcpPorts(int count) throws IOException {
        List<ServerSocket> held = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                held.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket socket : held) {
                socket.close();
            }
        }
    }

    private static int freeTcpAndUdpPort() throws IOException {
        for (int i = 0; i < 50; i++) {
            int port = freeTcpPort();
            try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("no free port for both TCP and UDP");
    }

    @Override
    public void close() {
        for (Process p : processes) {
            p.destroy();
        }
        for (Process p : processes) {
            try {
                if (!p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
    }

    /** Runs the resolver's passes until the certificate is valid or an attempt failed (90 s at most). */
    public static DomainStatus awaitSettled(AcmeResolver resolver, io.jetway.dynamic.TlsDomain domain) throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(90);
        DomainStatus status = null;
        while (System.nanoTime() < deadline) {
            resolver.checkNow().get(90, java.util.concurrent.TimeUnit.SECONDS);
            status = resolver.statuses().get(domain);
            if (status != null && (status.state() == DomainStatus.State.VALID || status.error() != null)) {
                return status;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("nothing settled for " + domain + ": " + status);
    }
}
