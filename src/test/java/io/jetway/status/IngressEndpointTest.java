package io.jetway.status;

import io.jetway.kube.KubeObject;
import io.jetway.kube.ResourceSnapshot;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IngressEndpointTest {

    private static final ResourceSnapshot CLUSTER = new ResourceSnapshot(List.of(new KubeObject("v1", "Service", "infra", "jetway",
            Map.of("metadata", Map.of("name", "jetway", "namespace", "infra"),
                    "status", Map.of("loadBalancer", Map.of("ingress", List.of(Map.of("ip", "203.0.113.7"),
                            Map.of("hostname", "lb.example.com"))))), "test")));

    @Test
    void aPublishedServiceGivesItsLoadBalancerAddressesAndWinsOverFixedOnes() {
        assertEquals(List.of(Map.of("ip", "203.0.113.7"), Map.of("hostname", "lb.example.com")),
                new IngressEndpoint("192.0.2.1", null, "infra/jetway").addresses(CLUSTER));
    }

    @Test
    void aPublishedServiceWithoutAddressGivesNothingYet() {
        assertTrue(new IngressEndpoint(null, null, "infra/missing").addresses(CLUSTER).isEmpty());
    }

    @Test
    void fixedAddresses() {
        assertEquals(List.of(Map.of("ip", "192.0.2.1")), new IngressEndpoint("192.0.2.1", null, null).addresses(CLUSTER));
        assertEquals(List.of(Map.of("hostname", "edge.example.com")),
                new IngressEndpoint(null, "edge.example.com", null).addresses(CLUSTER));
        assertTrue(IngressEndpoint.NONE.isNone());
    }
}
