package io.jetway.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Apache Tomcat 10.1 (Servlet 6.0, no CDI of its own) with a CATALINA_BASE of its own; the
 * configuration file comes through the system property this time.
 */
class TomcatStandaloneIT extends StandaloneServerIT {

    @Override
    Process start(Path work, int port, Path config, Path log) throws Exception {
        Path home = home("catalina.home");
        Path base = work.resolve("catalina-base");
        for (String dir : new String[]{"conf", "logs", "temp", "work", "webapps"}) {
            Files.createDirectories(base.resolve(dir));
        }
        try (Stream<Path> files = Files.list(home.resolve("conf"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, base.resolve("conf").resolve(file.getFileName()));
            }
        }
        Path serverXml = base.resolve("conf/server.xml");
        String xml = Files.readString(serverXml)
                .replace("<Connector port=\"8080\"", "<Connector address=\"127.0.0.1\" port=\"" + port + "\"")
                .replace("<Server port=\"8005\"", "<Server port=\"-1\"");
        if (!xml.contains("port=\"" + port + "\"")) {
            throw new IllegalStateException("unexpected server.xml in " + home);
        }
        Files.writeString(serverXml, xml);
        Files.copy(WarFixture.war(), base.resolve("webapps/ROOT.war"));
        String classpath = home.resolve("bin/bootstrap.jar") + java.io.File.pathSeparator + home.resolve("bin/tomcat-juli.jar");
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-cp", classpath,
                "-Dcatalina.home=" + home, "-Dcatalina.base=" + base, "-Djava.io.tmpdir=" + base.resolve("temp"),
                "-Djava.util.logging.manager=org.apache.juli.ClassLoaderLogManager",
                "-Djava.util.logging.config.file=" + base.resolve("conf/logging.properties")));
        if (config != null) {
            command.add("-Djetway.configfile=" + config);
        }
        command.addAll(List.of("org.apache.catalina.startup.Bootstrap", "start"));
        ProcessBuilder server = new ProcessBuilder(command)
                .directory(base.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        server.environment().remove("JETWAY_CONFIGFILE");
        return server.start();
    }
}
