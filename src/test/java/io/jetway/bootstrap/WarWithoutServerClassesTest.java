package io.jetway.bootstrap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The WAR's start-up code loaded as a container loads it: without the jars the WAR leaves out
 * (jetty-server, jetty-ee10-servlet, jetty-http2-server, Conscrypt; a standalone Jetty also hides its own),
 * so any path from WAR code into the embedded server's classes fails here as it does on Jetty
 * with a ClassNotFoundException. A quick guard beside JettyStandaloneIT and TomcatStandaloneIT.
 */
class WarWithoutServerClassesTest {

    /** The packages of the jars the WAR's packagingExcludes leave out, which the container may hide. */
    private static final List<String> CONTAINER_ONLY = List.of(
            "org.eclipse.jetty.server.", "org.eclipse.jetty.ee10.servlet.", "org.eclipse.jetty.http2.server.", "org.conscrypt.");

    @Test
    void entryPointsFromTheDefaultsNeedNoServerClasses() throws Exception {
        assertEquals(List.of("web"), entryPointNames(null));
    }

    @Test
    void entryPointsFromAProvidersFileSectionOnlyNeedNoServerClasses(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("jetway.yaml"), """
                providers:
                  file:
                    directory: "%s"
                """.formatted(dir));
        assertEquals(List.of("web"), entryPointNames(file));
    }

    @Test
    void entryPointsWithPingAndMetricsOnWebNeedNoServerClasses(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("jetway.yaml"), """
                entryPoints:
                  web:
                    address: ":8080"
                ping:
                  entryPoint: web
                metrics:
                  prometheus:
                    entryPoint: web
                """);
        assertEquals(List.of("web"), entryPointNames(file));
    }

    /**
     * Which classes name the container-only packages or the embedded server at all: those that run
     * only in the embedded server, and the proxy's lookups of Jetty internals (ContainerLookups), each of which
     * catches the LinkageError it gets in another container. Any other class that starts to name
     * them breaks the WAR in a container the way EmbeddedServer.roleOf did, so the list is closed.
     */
    @Test
    void onlyEmbeddedServerClassesNameTheContainerOnlyPackages() throws Exception {
        Path classes = Path.of(WarConfiguration.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> naming;
        try (Stream<Path> files = Files.walk(classes)) {
            naming = files.filter(file -> file.toString().endsWith(".class"))
                    .filter(WarWithoutServerClassesTest::namesContainerOnlyClasses)
                    .map(file -> classes.relativize(file).toString().replace(File.separatorChar, '.').replaceAll("\\.class$", ""))
                    .filter(name -> !name.startsWith("io.jetway.whoami.")) // the demo backend: a Jetty server of its own
                    .sorted()
                    .toList();
        }
        assertEquals(List.of(
                "io.jetway.Jetway",
                "io.jetway.bootstrap.EmbeddedServer",
                "io.jetway.bootstrap.EmbeddedServer$AccessLogLifeCycle",
                "io.jetway.bootstrap.EmbeddedServer$UdpLifeCycle",
                "io.jetway.bootstrap.JettyMeters",
                "io.jetway.bootstrap.ProvidersStart",
                "io.jetway.server.entry.AuthorityAsHost",
                "io.jetway.server.entry.AuthorityAsHost$1",
                "io.jetway.server.entry.CoreRequestView",
                "io.jetway.server.entry.DirectRoutingHandler",
                "io.jetway.server.entry.InFlightRequests",
                "io.jetway.server.entry.JetwayServerConnector",
                "io.jetway.server.entry.JetwayServerConnector$InlineEndPointSteps",
                "io.jetway.server.entry.PlainServerErrorHandler",
                "io.jetway.server.entry.PlainServletErrorHandler",
                "io.jetway.server.entry.TimedHttpConnection",
                "io.jetway.server.entry.TimedHttpConnection$TimedRequestHandler",
                "io.jetway.server.entry.TimedHttpConnection$TimedStream",
                "io.jetway.server.entry.TimedHttpConnectionFactory",
                "io.jetway.server.observe.ExchangeHandler",
                "io.jetway.server.observe.ExchangeHandler$CoreExchange",
                "io.jetway.server.proxy.ContainerLookups",
                "io.jetway.server.proxy.DirectExchange",
                "io.jetway.server.proxy.DirectForwarder",
                "io.jetway.server.proxy.MalformedRequestBody",
                "io.jetway.server.tcp.Layer4ConnectionFactory",
                "io.jetway.server.tcp.ProxyProtocolGate",
                "io.jetway.server.tcp.SniffingConnection",
                "io.jetway.tls.ConscryptProvider",
                "io.jetway.tls.SniAlpnConnectionFactory",
                "io.jetway.tls.SniSslConnectionFactory",
                "io.jetway.tls.acme.TlsAlpnChallengeConnectionFactory",
                "io.jetway.tls.acme.TlsAlpnChallengeConnectionFactory$CloseAfterHandshake"), naming);
    }

    /** Whether the class file's constant pool names a class of a container-only package or the embedded server. */
    private static boolean namesContainerOnlyClasses(Path classFile) {
        try {
            String constants = new String(Files.readAllBytes(classFile), StandardCharsets.ISO_8859_1);
            return Stream.concat(CONTAINER_ONLY.stream(), Stream.of(EmbeddedServer.class.getName()))
                    .map(name -> name.replace('.', '/'))
                    .anyMatch(constants::contains);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** WarConfiguration.entryPoints(read(file)).names() and unavailable(...), run in the container-like loader. */
    @SuppressWarnings("unchecked")
    private static List<String> entryPointNames(Path file) throws Exception {
        try (URLClassLoader war = new ContainerLikeLoader()) {
            Class<?> warConfiguration = war.loadClass(WarConfiguration.class.getName());
            assertTrue(warConfiguration.getClassLoader() == war, "loaded apart from the test's own classes");
            Object config = invoke(warConfiguration, "read", new Class<?>[]{Path.class}, file);
            Class<?> staticConfig = war.loadClass("io.jetway.config.StaticConfig");
            invoke(warConfiguration, "unavailable", new Class<?>[]{staticConfig}, config);
            Object entryPoints = invoke(warConfiguration, "entryPoints", new Class<?>[]{staticConfig}, config);
            Method names = entryPoints.getClass().getDeclaredMethod("names");
            names.setAccessible(true);
            return (List<String>) names.invoke(entryPoints);
        }
    }

    private static Object invoke(Class<?> type, String name, Class<?>[] parameters, Object argument) throws Exception {
        Method method = type.getDeclaredMethod(name, parameters);
        method.setAccessible(true);
        try {
            return method.invoke(null, argument);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : new IllegalStateException(e.getCause());
        }
    }

    /** The test's class path without the container-only packages; the JDK from the platform loader. */
    private static final class ContainerLikeLoader extends URLClassLoader {

        ContainerLikeLoader() {
            super(classPath(), ClassLoader.getPlatformClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (CONTAINER_ONLY.stream().anyMatch(name::startsWith)) {
                throw new ClassNotFoundException(name + " (left out of the WAR, hidden by the container)");
            }
            return super.loadClass(name, resolve);
        }

        private static URL[] classPath() {
            return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                    .map(entry -> {
                        try {
                            return Path.of(entry).toUri().toURL();
                        } catch (MalformedURLException e) {
                            throw new IllegalStateException(e);
                        }
                    })
                    .toArray(URL[]::new);
        }
    }
}
