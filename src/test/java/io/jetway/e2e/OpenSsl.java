package io.jetway.e2e;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code openssl s_client} against a local port, bounded in time; its output (stdout and stderr). */
final class OpenSsl {

    private OpenSsl() {
    }

    static String sClient(int port, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of("-brief"));
        command.addAll(List.of(options));
        return sClientFull(port, command.toArray(String[]::new));
    }

    /** Without {@code -brief}: the full report, which also names the ALPN protocol negotiated. */
    static String sClientFull(int port, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port));
        command.addAll(List.of(options));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("openssl s_client did not finish: " + command);
        }
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
