package io.jetway.server.proxy;

import org.eclipse.jetty.util.Pool;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The idle-stack pool keeps the entry states Jetty's connection pools rely on. */
class IdleStackPoolTest {

    private static Pool.Entry<String> enabled(IdleStackPool<String> pool, String pooled) {
        Pool.Entry<String> entry = pool.reserve();
        assertTrue(entry.isReserved());
        assertTrue(entry.enable(pooled, false));
        assertTrue(entry.isIdle());
        return entry;
    }

    @Test
    void reservesUpToItsMaximum() {
        IdleStackPool<String> pool = new IdleStackPool<>(2);
        assertTrue(pool.reserve() != null);
        assertTrue(pool.reserve() != null);
        assertNull(pool.reserve(), "full");
        assertEquals(2, pool.size());
        assertEquals(2, pool.getReservedCount());
        assertNull(pool.acquire(), "reserved entries are not idle yet");
    }

    @Test
    void handsOutTheEntryReleasedLastAndEachToOneUserAtATime() {
        IdleStackPool<String> pool = new IdleStackPool<>(0);
        Pool.Entry<String> a = enabled(pool, "a");
        Pool.Entry<String> b = enabled(pool, "b");
        Pool.Entry<String> c = enabled(pool, "c");
        assertSame(c, pool.acquire());
        assertSame(b, pool.acquire());
        assertTrue(b.isInUse());
        assertTrue(c.release());
        assertFalse(c.release(), "released twice");
        assertSame(c, pool.acquire(), "the warmest entry first");
        assertSame(a, pool.acquire());
        assertNull(pool.acquire(), "all three in use");
        assertEquals(3, pool.getInUseCount());
        assertTrue(a.release());
        assertEquals(1, pool.getIdleCount());
    }

    @Test
    void enablingAcquiredSkipsTheStackAndEnablingTwiceFails() {
        IdleStackPool<String> pool = new IdleStackPool<>(0);
        Pool.Entry<String> entry = pool.reserve();
        assertTrue(entry.enable("x", true));
        assertTrue(entry.isInUse());
        assertNull(pool.acquire());
        assertThrows(IllegalStateException.class, () -> entry.enable("y", false));
        assertEquals("x", entry.getPooled());
    }

    @Test
    void removesOnceWhetherIdleInUseOrReserved() {
        IdleStackPool<String> pool = new IdleStackPool<>(0);
        Pool.Entry<String> idle = enabled(pool, "idle");
        Pool.Entry<String> busy = enabled(pool, "busy");
        Pool.Entry<String> reserved = pool.reserve();
        assertSame(busy, pool.acquire());

        assertTrue(idle.remove());
        assertFalse(idle.remove(), "only the first removal counts");
        assertNull(pool.acquire(), "a removed idle entry is not handed out");

        assertTrue(busy.remove());
        assertFalse(busy.isInUse(), "the removing user let go of it, as Jetty's close loop expects");
        assertTrue(busy.isTerminated());
        assertFalse(busy.release(), "a removed entry is not taken back");

        assertTrue(reserved.remove());
        assertFalse(reserved.enable("late", false), "a connection made for a removed entry is refused");
        assertEquals(0, pool.size());
    }

    @Test
    void terminatesEverythingAndTakesNothingAfterwards() {
        IdleStackPool<String> pool = new IdleStackPool<>(0);
        Pool.Entry<String> idle = enabled(pool, "idle");
        Pool.Entry<String> busy = enabled(pool, "busy");
        assertSame(busy, pool.acquire());
        Collection<Pool.Entry<String>> all = pool.terminate();
        assertEquals(2, all.size());
        assertTrue(pool.isTerminated());
        assertTrue(idle.isTerminated() && busy.isTerminated());
        assertNull(pool.acquire());
        assertNull(pool.reserve());
        assertFalse(busy.release(), "the user of a terminated entry removes it");
        assertTrue(busy.remove());
        assertFalse(busy.isInUse());
    }

    @Test
    void keepsAtMostMaxIdleEntries() {
        IdleStackPool<String> pool = new IdleStackPool<>(0, 2);
        List<Pool.Entry<String>> busy = new ArrayList<>();
        for (String name : List.of("a", "b", "c")) {
            Pool.Entry<String> entry = pool.reserve();
            assertTrue(entry.enable(name, true));
            busy.add(entry);
        }
        assertTrue(busy.get(0).release());
        assertTrue(busy.get(1).release());
        assertFalse(busy.get(2).release(), "a third idle one is refused: its user closes it");
        assertTrue(busy.get(2).remove());
        assertEquals(2, pool.getIdleCount());
        assertSame(busy.get(1), pool.acquire());
        assertTrue(busy.get(1).release(), "room again after one was taken");

        IdleStackPool<String> none = new IdleStackPool<>(0, 0);
        Pool.Entry<String> only = none.reserve();
        assertTrue(only.enable("x", true));
        assertFalse(only.release(), "maxIdle 0 keeps nothing");
    }

    /** Threads acquiring and releasing at once: never two users of one entry, nothing lost. */
    @Test
    void neverHandsOneEntryToTwoUsers() throws Exception {
        IdleStackPool<AtomicReference<Thread>> pool = new IdleStackPool<>(8);
        for (int i = 0; i < 8; i++) {
            pool.reserve().enable(new AtomicReference<>(), false);
        }
        int threads = 6;
        int rounds = 20_000;
        AtomicInteger overlaps = new AtomicInteger();
        AtomicInteger served = new AtomicInteger();
        ConcurrentHashMap<Object, Boolean> seen = new ConcurrentHashMap<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int r = 0; r < rounds; r++) {
                    Pool.Entry<AtomicReference<Thread>> entry = pool.acquire();
                    if (entry == null) {
                        Thread.onSpinWait();
                        continue;
                    }
                    if (!entry.getPooled().compareAndSet(null, Thread.currentThread())) {
                        overlaps.incrementAndGet();
                    }
                    seen.put(entry.getPooled(), true);
                    served.incrementAndGet();
                    entry.getPooled().set(null);
                    if (!entry.release()) {
                        overlaps.incrementAndGet();
                    }
                }
            });
            worker.start();
            workers.add(worker);
        }
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        assertEquals(0, overlaps.get());
        assertTrue(served.get() > 0);
        assertEquals(8, pool.getIdleCount(), "every entry came back");
        assertEquals(8, pool.size());
        int handedOut = 0;
        while (pool.acquire() != null) {
            handedOut++;
        }
        assertEquals(8, handedOut, "the stack holds each idle entry once");
    }
}
