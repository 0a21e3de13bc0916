package io.jetway.bootstrap;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.jetway.build.RuntimeSnapshotHolder;
import io.jetway.config.StaticConfigParser;
import io.jetway.server.proxy.ProxyOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.servlet.ServletContext;
import java.nio.file.Files;
import java.util.Collections;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataPlaneBeansTest {

    /**
     * Every request reads the routing table: through CDI's client proxy each read would first look
     * the bean up in its context, so the bootstrap hands the data plane the instance itself.
     */
    @Test
    void theDataPlaneHoldsTheRoutingTableHolderItselfNotCdisClientProxy(@TempDir Path manifests) throws Exception {
        try (EmbeddedServer server = start(manifests, "--api.insecure", "--entrypoints.traefik.address=127.0.0.1:0")) {
            assertSame(RuntimeSnapshotHolder.class, server.dataPlaneBeans().routingTables().getClass());
        }
    }

    /** With the API on, its resources and the data plane read the same holder: CDI's instance. */
    @Test
    void withTheApiTheDataPlaneHoldsCdisHolder(@TempDir Path manifests) throws Exception {
        try (EmbeddedServer server = start(manifests, "--api.insecure", "--entrypoints.traefik.address=127.0.0.1:0")) {
            BeanManager beans = assertInstanceOf(BeanManager.class, beanManager(server));
            @SuppressWarnings("unchecked")
            Bean<RuntimeSnapshotHolder> bean = (Bean<RuntimeSnapshotHolder>) beans.resolve(beans.getBeans(RuntimeSnapshotHolder.class));
            assertSame(beans.getContext(ApplicationScoped.class).get(bean), server.dataPlaneBeans().routingTables());
        }
    }

    /** Without the API nothing needs CDI: Weld never boots, and the data plane gets its own holder. */
    @Test
    void withoutTheApiNoCdiContainerStarts(@TempDir Path manifests) throws Exception {
        try (EmbeddedServer server = start(manifests)) {
            assertNull(beanManager(server));
            assertSame(RuntimeSnapshotHolder.class, server.dataPlaneBeans().routingTables().getClass());
        }
    }

    /** The bean manager Weld's servlet listener publishes in the context once it has booted, or null. */
    private static BeanManager beanManager(EmbeddedServer server) {
        ServletContext context = server.servletContext();
        return Collections.list(context.getAttributeNames()).stream().map(context::getAttribute)
                .filter(BeanManager.class::isInstance).map(BeanManager.class::cast).findFirst().orElse(null);
    }

    private static EmbeddedServer start(Path manifests, String... flags) throws Exception {
        Files.createDirectories(manifests);
        String[] args = new String[flags.length + 2];
        args[0] = "--entrypoints.web.address=127.0.0.1:0";
        args[1] = "--providers.file.directory=" + manifests;
        System.arraycopy(flags, 0, args, 2, flags.length);
        var config = StaticConfigParser.parse(args);
        return EmbeddedServer.start(config, ProxyOptions.from(config.serversTransport()));
    }
}
