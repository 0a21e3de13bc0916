package io.jetway.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Jetty 12 (jetty-home) with a jetty.base of only {@code --add-modules=http,ee10-deploy}. */
class JettyStandaloneIT extends StandaloneServerIT {

    static final String MODULES = "http,ee10-deploy";

    @Override
    Process start(Path work, int port, Path config, Path log) throws Exception {
        Path home = home("jetty.home");
        Path base = Files.createDirectories(work.resolve("jetty-base"));
        Process setup = new ProcessBuilder(javaBinary(), "-jar", home.resolve("start.jar").toString(),
                "--add-modules=" + MODULES)
                .directory(base.toFile()).redirectErrorStream(true).redirectOutput(work.resolve("setup.log").toFile())
                .start();
        if (!setup.waitFor(2, TimeUnit.MINUTES) || setup.exitValue() != 0) {
            throw new IllegalStateException("jetty.base setup failed: " + Files.readString(work.resolve("setup.log")));
        }
        Files.copy(WarFixture.war(), base.resolve("webapps").resolve("ROOT.war"));
        ProcessBuilder server = new ProcessBuilder(javaBinary(), "-jar", home.resolve("start.jar").toString(),
                "jetty.http.host=127.0.0.1", "jetty.http.port=" + port)
                .directory(base.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        server.environment().put("JETWAY_CONFIGFILE", config.toString());
        return server.start();
    }
}
