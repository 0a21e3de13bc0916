package io.jetway.status;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jetway.config.KubernetesConnection;
import io.jetway.e2e.KubeApiMock;
import io.jetway.provider.kubernetes.KubernetesProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two replicas: one holds the Lease {@code jetway} and writes; when it stops, the other takes over. */
class StatusWriterLeaderTest {

    private KubeApiMock api;
    private KubernetesClient client;
    private final List<AutoCloseable> replicas = new ArrayList<>();

    @BeforeEach
    void cluster() throws Exception {
        api = KubeApiMock.onFreePort().start();
        client = api.client();
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable r : replicas) {
            r.close();
        }
        client.close();
        api.close();
    }

    private StatusWriter replica(String identity) {
        KubernetesProvider provider = new KubernetesProvider(new KubernetesConnection(api.url(), "token", null, List.of(),
                null, Duration.ZERO), false, false);
        StatusWriter writer = new StatusWriter(provider, IngressEndpoint.NONE, "jetway-system", identity);
        provider.addSnapshotListener(writer::snapshotChanged);
        provider.start(snapshot -> { });
        replicas.add(writer);
        replicas.add(provider);
        return writer;
    }

    @Test
    void exactlyOneReplicaLeadsAndAnotherTakesOverWhenItStops() throws Exception {
        StatusWriter one = replica("jetway-1");
        StatusWriter two = replica("jetway-2");

        await(() -> one.isLeader() || two.isLeader());
        StatusWriter leader = one.isLeader() ? one : two;
        StatusWriter follower = leader == one ? two : one;
        assertTrue(leader.isLeader() ^ follower.isLeader(), "one leader at a time");
        Lease lease = client.leases().inNamespace("jetway-system").withName(StatusWriter.LEASE_NAME).get();
        String holder = lease.getSpec().getHolderIdentity();
        assertEquals(leader == one ? "jetway-1" : "jetway-2", holder);

        leader.close(); // releases the Lease
        await(follower::isLeader);
        String next = client.leases().inNamespace("jetway-system").withName(StatusWriter.LEASE_NAME).get()
                .getSpec().getHolderIdentity();
        assertNotEquals(holder, next);
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 30 s");
            }
            Thread.sleep(50);
        }
    }
}
