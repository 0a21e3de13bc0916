package io.jetway.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Jetty 12 (jetty-home) with a jetty.base of exactly the modules the README tells users to add. */
class JettyStandaloneIT extends StandaloneServerIT {

    static final String MODULES = readmeModules();

    /** The list in the README's {@code --add-modules=...} that includes ee10-deploy, so the test follows the README. */
    private static String readmeModules() {
        Path readme = Path.of(System.getProperty("basedir", ".")).resolve("README.md");
        try {
            Matcher modules = Pattern.compile("--add-modules=([\\w,-]*ee10-deploy[\\w,-]*)").matcher(Files.readString(readme));
            if (!modules.find()) {
                throw new IllegalStateException(readme + " names no --add-modules list with ee10-deploy");
            }
            return modules.group(1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The modules of the jetty.base. */
    String modules() {
        return MODULES;
    }

    @Override
    Process start(Path work, int port, Path config, Path log) throws Exception {
        Path home = home("jetty.home");
        Path base = Files.createDirectories(work.resolve("jetty-base"));
        Process setup = new ProcessBuilder(javaBinary(), "-jar", home.resolve("start.jar").toString(),
                "--add-modules=" + modules())
                .directory(base.toFile()).redirectErrorStream(true).redirectOutput(work.resolve("setup.log").toFile())
                .start();
        if (!setup.waitFor(2, TimeUnit.MINUTES) || setup.exitValue() != 0) {
            throw new IllegalStateException("jetty.base setup failed: " + Files.readString(work.resolve("setup.log")));
        }
        Files.copy(WarFixture.war(), base.resolve("webapps").resolve("ROOT.war"));
        ProcessBuilder server = new ProcessBuilder(javaBinary(), "-jar", home.resolve("start.jar").toString(),
                "jetty.http.host=127.0.0.1", "jetty.http.port=" + port)
                .directory(base.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        if (config != null) {
            server.environment().put("JETWAY_CONFIGFILE", config.toString());
        } else {
            server.environment().remove("JETWAY_CONFIGFILE");
        }
        return server.start();
    }
}
