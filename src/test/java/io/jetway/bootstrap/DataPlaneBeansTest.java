package io.jetway.bootstrap;

import static org.junit.jupiter.api.Assertions.assertSame;

import io.jetway.build.RuntimeSnapshotHolder;
import io.jetway.config.StaticConfigParser;
import io.jetway.server.proxy.ProxyOptions;
import java.nio.file.Files;
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
        Files.createDirectories(manifests);
        var config = StaticConfigParser.parse(new String[] {
                "--entrypoints.web.address=127.0.0.1:0", "--providers.file.directory=" + manifests});
        try (EmbeddedServer server = EmbeddedServer.start(config, ProxyOptions.from(config.serversTransport()))) {
            assertSame(RuntimeSnapshotHolder.class, server.dataPlaneBeans().routingTables().getClass());
        }
    }
}
