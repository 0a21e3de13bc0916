package io.jetway.server.proxy;

import io.jetway.dynamic.ServersTransport;
import io.jetway.kube.ObjectRef;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.thread.Scheduler;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Clients start with the table that needs them and stop once no table and no exchange uses them. */
class TransportClientsTest {

    /** Runs scheduled tasks only when the test says so. */
    static final class ManualScheduler extends AbstractLifeCycle implements Scheduler {
        final List<Runnable> tasks = new ArrayList<>();

        @Override
        public synchronized Task schedule(Runnable task, long delay, TimeUnit units) {
            tasks.add(task);
            return () -> tasks.remove(task);
        }

        void runAll() {
            List<Runnable> due;
            synchronized (this) {
                due = List.copyOf(tasks);
                tasks.clear();
            }
            due.forEach(Runnable::run);
        }
    }

    static ServersTransport transport(String name) {
        return new ServersTransport(name, "", false, List.of(), List.of(), 200, false, "",
                ServersTransport.ForwardingTimeouts.DEFAULTS, new ObjectRef("ServersTransport", "default", name));
    }

    static HttpClient started(ServersTransport t) {
        HttpClient client = new HttpClient();
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return client;
    }

    @Test
    void aRetiredClientStopsAfterItsLastExchange() {
        ManualScheduler scheduler = new ManualScheduler();
        ServersTransport a = transport("a");
        ServersTransport b = transport("b");
        try (TransportClients clients = new TransportClients(new HttpClient(), TransportClientsTest::started, scheduler, Duration.ZERO)) {
            clients.use(Set.of(a));
            assertTrue(clients.isRunning(a), "started with the table that uses it");
            TransportClients.Lease inFlight = clients.acquire(a);
            HttpClient first = inFlight.client();

            clients.use(Set.of(b)); // a reload: a is no longer used by the new table
            assertTrue(clients.isRunning(b));
            scheduler.runAll();
            assertTrue(first.isRunning(), "an exchange of the old table still uses it");

            clients.release(inFlight);
            scheduler.runAll();
            assertTrue(first.isStopped(), "stopped once the last exchange ended");
            assertFalse(clients.isRunning(a));
            assertTrue(clients.isRunning(b), "the new table's client keeps running");

            TransportClients.Lease late = clients.acquire(a);
            assertNotSame(first, late.client(), "a late request of the old table gets a fresh client, not a stopped one");
            assertTrue(late.client().isRunning());
            clients.release(late);
            scheduler.runAll();
            assertTrue(late.client().isStopped(), "and it is retired again");

            TransportClients.Lease again = clients.acquire(b);
            assertSame(again.client(), clients.acquire(b).client(), "one client per transport");
        }
    }
}
