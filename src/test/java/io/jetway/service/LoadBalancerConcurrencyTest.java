package io.jetway.service;

import io.jetway.service.health.ServerHealth;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Many threads share one balancer while one of its servers is down: none may ever be told that
 * no server is available, however the threads' draws from the shared position interleave.
 */
class LoadBalancerConcurrencyTest {

    static final int THREADS = 16;
    static final int SELECTS_PER_THREAD = 2_000_000;
    static final Duration TIME_BOX = Duration.ofMillis(1500);

    /** How many selects of the balancer gave no backend, over all threads. */
    static long noneSelected(ServiceHandler balancer) throws InterruptedException {
        AtomicLong none = new AtomicLong();
        AtomicLong selects = new AtomicLong();
        long deadline = System.nanoTime() + TIME_BOX.toNanos();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                // Stops early once one select found none: that already fails the test.
                for (int i = 0; i < SELECTS_PER_THREAD && none.get() == 0 && System.nanoTime() < deadline; i++) {
                    selects.incrementAndGet();
                    if (balancer.select(null, null) == null) {
                        none.incrementAndGet();
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        assertTrue(selects.get() >= THREADS, "every thread selected");
        return none.get();
    }

    static Backend server(String name, ServerHealth health) {
        return Backend.of("http://" + name + ":80", true, "svc", null, health);
    }

    /** A server whose active health check says it is down. */
    static Backend downServer(String name) {
        ServerHealth down = new ServerHealth();
        down.setActiveUp(false);
        return server(name, down);
    }

    @Test
    void roundRobinAlwaysFindsTheServerThatIsUp() throws InterruptedException {
        var lb = new RoundRobinLoadBalancer("svc", List.of(server("up", null), downServer("down")),
                new AtomicInteger(), null);
        assertEquals(0, noneSelected(lb));
    }

    @Test
    void roundRobinWithSeveralServersDownAlwaysFindsTheOneThatIsUp() throws InterruptedException {
        List<Backend> servers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            servers.add(downServer("down" + i));
        }
        servers.add(server("up", null));
        var lb = new RoundRobinLoadBalancer("svc", servers, new AtomicInteger(), null);
        assertEquals(0, noneSelected(lb));
    }

    @Test
    void weightedAlwaysFindsTheChildThatHasAServer() throws InterruptedException {
        var wrr = new WeightedRoundRobin("w", List.of(
                new WeightedRoundRobin.Child(WeightedRoundRobinTest.Fixed.down("dead"), 5),
                new WeightedRoundRobin.Child(WeightedRoundRobinTest.Fixed.up("alive"), 1)), new AtomicInteger());
        assertEquals(0, noneSelected(wrr));
    }

    @Test
    void nestedBalancersUnderContentionAlwaysFindTheServerThatIsUp() throws InterruptedException {
        var inner = new RoundRobinLoadBalancer("inner", List.of(server("up", null), downServer("down")),
                new AtomicInteger(), null);
        var wrr = new WeightedRoundRobin("w", List.of(
                new WeightedRoundRobin.Child(inner, 1),
                new WeightedRoundRobin.Child(WeightedRoundRobinTest.Fixed.down("dead"), 1)), new AtomicInteger());
        assertEquals(0, noneSelected(new FailoverHandler("f", wrr, WeightedRoundRobinTest.Fixed.down("fallback"))));
    }
}
