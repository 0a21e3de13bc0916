package io.jetway.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The WAR's start-up code loaded as a container loads it: without the jars the WAR leaves out
 * (jetty-server, jetty-ee10-servlet, jetty-http2-server; a standalone Jetty also hides its own),
 * so any path from WAR code into the embedded server's classes fails here as it does on Jetty
 * with a ClassNotFoundException. A quick guard beside JettyStandaloneIT and TomcatStandaloneIT.
 */
class WarWithoutServerClassesTest {

    /** The packages of the jars the WAR's packagingExcludes leave out, which the container may hide. */
    private static final List<String> CONTAINER_ONLY = List.of(
            "org.eclipse.jetty.server.", "org.eclipse.jetty.ee10.servlet.", "org.eclipse.jetty.http2.server.");

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
