package io.jetway.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** UDPRoute (beyond Traefik, experimental channel) on a UDP listener, with real datagrams. */
class GatewayUdpRouteTest {

    @TempDir
    Path dir;

    @Test
    void aUdpRouteOnAUdpListenerForwardsDatagrams() throws Exception {
        int port;
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        try (UdpRoutingEndToEndTest.UdpBackend dns = UdpRoutingEndToEndTest.UdpBackend.named("dns");
             JetwayHarness jetway = JetwayHarness.start(Files.createDirectories(dir.resolve("m")),
                     "--entrypoints.dns.address=127.0.0.1:" + port + "/udp", "--providers.kubernetesgateway",
                     "--providers.kubernetesgateway.experimentalchannel=true");
             DatagramSocket client = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            jetway.write("udp.yaml", """
                    apiVersion: gateway.networking.k8s.io/v1
                    kind: GatewayClass
                    metadata: {name: jetway}
                    spec: {controllerName: traefik.io/gateway-controller}
                    ---
                    apiVersion: gateway.networking.k8s.io/v1
                    kind: Gateway
                    metadata: {name: gw, namespace: default}
                    spec:
                      gatewayClassName: jetway
                      listeners: [{name: dns, protocol: UDP, port: %d}]
                    ---
                    apiVersion: gateway.networking.k8s.io/v1alpha2
                    kind: UDPRoute
                    metadata: {name: dns, namespace: default}
                    spec:
                      parentRefs: [{name: gw}]
                      rules: [{backendRefs: [{name: dns, port: 53}]}]
                    ---
                    apiVersion: v1
                    kind: Service
                    metadata: {name: dns, namespace: default}
                    spec:
                      ports: [{name: dns, port: 53, protocol: UDP}]
                    ---
                    apiVersion: discovery.k8s.io/v1
                    kind: EndpointSlice
                    metadata: {name: dns-abc, namespace: default, labels: {kubernetes.io/service-name: dns}}
                    addressType: IPv4
                    endpoints: [{addresses: [127.0.0.1], conditions: {ready: true}}]
                    ports: [{name: dns, port: %d, protocol: UDP}]
                    """.formatted(port, dns.port()));
            client.setSoTimeout(500);
            String answer = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (answer == null && System.nanoTime() < deadline) {
                answer = UdpRoutingEndToEndTest.ask(client, port, "query");
            }
            assertEquals("dns:query", answer);
        }
    }
}
