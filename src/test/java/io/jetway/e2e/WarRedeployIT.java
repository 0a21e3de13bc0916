package io.jetway.e2e;

import io.jetway.bootstrap.WarConfiguration;
import io.jetway.whoami.WhoamiServer;
import org.eclipse.jetty.ee10.webapp.Configuration;
import org.eclipse.jetty.ee10.webapp.FragmentConfiguration;
import org.eclipse.jetty.ee10.webapp.JettyWebXmlConfiguration;
import org.eclipse.jetty.ee10.webapp.MetaInfConfiguration;
import org.eclipse.jetty.ee10.webapp.WebAppClassLoader;
import org.eclipse.jetty.ee10.webapp.ServletsConfiguration;
import org.eclipse.jetty.ee10.webapp.WebAppConfiguration;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.ee10.webapp.WebInfConfiguration;
import org.eclipse.jetty.ee10.webapp.WebXmlConfiguration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Uninstall is clean: target/jetway.war deployed, undeployed and redeployed three times in one
 * Jetty, each time with a different route. After each undeploy no thread of the application is
 * left; after each redeploy only the new route answers; the heap comes back near where it started.
 */
class WarRedeployIT {

    private static final String SERVER_THREADS = "war-it-server";
    /** Heap that may stay behind after three deployments: JIT and JDK caches, not a leaked application (~50 MB each). */
    private static final long HEAP_TOLERANCE = 40L * 1024 * 1024;

    @Test
    void undeployLeavesNoThreadsNoStaleRoutesAndTheHeapWhereItWas(@TempDir Path work) throws Exception {
        QueuedThreadPool pool = new QueuedThreadPool(32, 4);
        pool.setName(SERVER_THREADS);
        // Named, so that its lazily started scheduler thread is not taken for the application's.
        Server server = new Server(pool, new ScheduledExecutorScheduler(SERVER_THREADS + "-scheduler", false), null);
        ServerConnector connector = new ServerConnector(server, 0, 1);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ContextHandlerCollection contexts = new ContextHandlerCollection();
        server.setHandler(contexts);
        List<WeakReference<ClassLoader>> loaders = new ArrayList<>();
        try (WhoamiServer backend = WhoamiServer.start("127.0.0.1", 0, "redeploy")) {
            server.start();
            String base = "http://127.0.0.1:" + connector.getLocalPort();
            // The test's own client, server and backend threads (schedulers start lazily) exist from now on.
            assertEquals(404, WarFixture.get(base + "/round0").statusCode());
            assertEquals(200, WarFixture.get("http://127.0.0.1:" + backend.port() + "/warm").statusCode());
            Set<String> threadsBefore = threadNames();
            long heapBefore = usedHeapAfterGc();

            String previous = null;
            for (int round = 1; round <= 3; round++) {
                String prefix = "/round" + round;
                Path manifests = WarFixture.manifests(work.resolve("manifests" + round), prefix, backend.port());
                Path config = WarFixture.config(Path.of(work.toString()), connector.getLocalPort(), manifests);
                WebAppContext app = deploy(contexts, work.resolve("tmp" + round), config);
                loaders.add(new WeakReference<>(app.getClassLoader()));

                assertEquals(200, WarFixture.get(base + prefix + "/x").statusCode(), "round " + round);
                if (previous != null) {
                    assertEquals(404, WarFixture.get(base + previous + "/x").statusCode(),
                            "round " + round + ": the route of the previous deployment is gone");
                }
                undeploy(contexts, app);
                assertEquals(404, WarFixture.get(base + prefix + "/x").statusCode(), "undeployed");
                Set<String> left = awaitThreadsGone(threadsBefore);
                assertTrue(left.isEmpty(), "round " + round + ": threads left behind: " + left);
                previous = prefix;
            }

            long heapAfter = usedHeapAfterGc();
            long collected = loaders.stream().filter(ref -> ref.get() == null).count();
            System.out.printf("war-redeploy heapBefore=%dMB heapAfter=%dMB classLoadersCollected=%d/3%n",
                    heapBefore >> 20, heapAfter >> 20, collected);
            assertTrue(heapAfter - heapBefore < HEAP_TOLERANCE, "heap grew from " + (heapBefore >> 20) + " MB to "
                    + (heapAfter >> 20) + " MB over three deployments");
        } finally {
            server.stop();
        }
    }

    private static WebAppContext deploy(ContextHandlerCollection contexts, Path tmp, Path config) throws Exception {
        WebAppContext app = new WebAppContext();
        app.setContextPath("/");
        app.setWar(WarFixture.war().toString());
        app.setTempDirectory(tmp.toFile());
        app.setThrowUnavailableOnStartupException(true);
        // What jetty.base with http,ee10-deploy configures: no JNDI (plus), no annotations.
        app.setConfigurations(new Configuration[]{new WebInfConfiguration(), new WebAppConfiguration(),
                new ServletsConfiguration(), new WebXmlConfiguration(),
                new MetaInfConfiguration(), new FragmentConfiguration(), new JettyWebXmlConfiguration()});
        app.setInitParameter(WarConfiguration.PARAMETER, config.toString());
        // The WAR's own libraries and beans.xml only, as in a real server: the test's class path
        // (which holds Jetway's classes too) would make Weld find every bean twice.
        app.setClassLoader(new WebAppClassLoader(new JettyServerOnly(WarRedeployIT.class.getClassLoader()), app));
        contexts.addHandler(app);
        app.start();
        return app;
    }

    private static void undeploy(ContextHandlerCollection contexts, WebAppContext app) throws Exception {
        app.stop();
        contexts.removeHandler(app);
        ClassLoader loader = app.getClassLoader();
        app.setClassLoader(null);
        if (loader instanceof WebAppClassLoader webApp) {
            webApp.close();
        }
    }

    /** Threads started since the snapshot, leaving out the test's own server, backend and clients. */
    private static Set<String> awaitThreadsGone(Set<String> before) throws InterruptedException {
        Set<String> left = Set.of();
        for (int attempt = 0; attempt < 100; attempt++) {
            left = threadNames().stream().filter(name -> !before.contains(name))
                    .filter(name -> !name.startsWith(SERVER_THREADS) && !name.contains("redeploy")
                            && !name.startsWith("HttpClient-"))
                    .collect(Collectors.toCollection(TreeSet::new));
            if (left.isEmpty()) {
                return left;
            }
            Thread.sleep(100); // threads finish their last task after being told to stop
        }
        return left;
    }

    private static Set<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }

    /** What a Jetty server has on its class path: the JDK, the Servlet API and Jetty, nothing of Jetway. */
    private static final class JettyServerOnly extends ClassLoader {
        private final ClassLoader server;

        JettyServerOnly(ClassLoader server) {
            super("jetty-server-only", ClassLoader.getPlatformClassLoader());
            this.server = server;
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            // Jetty's own classes: the server loads its default servlets and listeners through
            // here, and keeps them from the application (which brings its own Jetty client).
            if (name.startsWith("jakarta.servlet.") || name.startsWith("org.eclipse.jetty.")) {
                return server.loadClass(name);
            }
            throw new ClassNotFoundException(name);
        }

        @Override
        protected URL findResource(String name) {
            return null;
        }

        @Override
        protected Enumeration<URL> findResources(String name) throws IOException {
            return java.util.Collections.emptyEnumeration();
        }
    }
}
