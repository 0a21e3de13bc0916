package io.jetway.provider.kubernetes;

import io.jetway.config.StaticConfig;
import io.jetway.config.StaticConfigParser;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The image, without a container engine: the Containerfile's user, ports, default arguments and
 * JVM options agree with the README's commands, bin/jvm-options and the Deployment in config/.
 */
class ImageFilesTest {

    static String containerfile() throws Exception {
        return Files.readString(Path.of("Containerfile"));
    }

    static String line(String text, String instruction) {
        return text.lines().filter(l -> l.startsWith(instruction + " ")).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no " + instruction + " in the Containerfile"));
    }

    /** The strings of a JSON-array instruction ({@code CMD ["a", "b"]}). */
    static List<String> jsonArray(String line) {
        List<String> items = new ArrayList<>();
        Matcher m = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(line.substring(line.indexOf('[')));
        while (m.find()) {
            items.add(m.group(1).replace("\\\"", "\""));
        }
        return items;
    }

    @Test
    void runsAsANumericNonRootUserOnThePortsTheDeploymentNames() throws Exception {
        String file = containerfile();
        String user = line(file, "USER").substring(5).trim();
        assertTrue(user.matches("\\d+") && !user.equals("0"), "numeric, so runAsNonRoot can verify it: " + user);
        Set<String> exposed = new LinkedHashSet<>(Arrays.asList(line(file, "EXPOSE").substring(7).trim().split("\\s+")));
        Map<String, Object> container = DeployFilesTest.container(DeployFilesTest.kustomize("config"));
        Set<String> deployed = new LinkedHashSet<>();
        for (Map<String, Object> port : DeployFilesTest.list(container, "ports")) {
            deployed.add(String.valueOf(port.get("containerPort")));
        }
        assertEquals(deployed, exposed);
        assertEquals("jetway:latest", container.get("image"));
    }

    @Test
    void theDefaultArgumentsServeTheDirectoryTheReadmeMounts() throws Exception {
        List<String> cmd = jsonArray(line(containerfile(), "CMD"));
        StaticConfig config = StaticConfigParser.parse(cmd.toArray(String[]::new));
        String readme = Files.readString(Path.of("README.md"));
        assertTrue(readme.contains("podman build -t jetway:latest -f Containerfile ."), "the README builds the image");
        Matcher run = Pattern.compile("podman run [^\\n]*-v ([^:\\s]+):([^:\\s]+)(?::ro)? jetway:latest").matcher(readme);
        assertTrue(run.find(), "the README runs the image");
        assertEquals(Path.of(run.group(2)), config.fileProvider().directory());
        int port = config.entryPoints().get("web").port();
        assertTrue(readme.contains("-p " + port + ":" + port), "the README publishes the web entry point's port " + port);
    }

    @Test
    void theJvmOptionsAreBinJvmOptionsOnASmallPod() throws Exception {
        String env = line(containerfile(), "ENV");
        Matcher value = Pattern.compile("JETWAY_JAVA_OPTS=\"([^\"]*)\"").matcher(env);
        assertTrue(value.find(), env);
        Set<String> image = new LinkedHashSet<>(Arrays.asList(value.group(1).split("\\s+")));
        // bin/jvm-options for JDK 25 on up to four CPUs, as a pod usually has.
        String script = Files.readString(Path.of("bin/jvm-options"));
        for (String option : List.of("-XX:+UseParallelGC", "-XX:+UseCompactObjectHeaders", "-XX:CICompilerCount=4")) {
            assertTrue(script.contains(option), "bin/jvm-options sets " + option);
            assertTrue(image.contains(option), "the image sets " + option + ": " + image);
        }
        String entrypoint = line(containerfile(), "ENTRYPOINT");
        assertTrue(entrypoint.contains("$JETWAY_JAVA_OPTS -jar /opt/jetway/jetway.jar"), entrypoint);
        assertTrue(Files.readString(Path.of("README.md")).contains("`JETWAY_JAVA_OPTS`"), "the README names the variable");
    }
}
