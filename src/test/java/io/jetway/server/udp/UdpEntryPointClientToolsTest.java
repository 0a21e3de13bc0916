package io.jetway.server.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Clients that are not Java: dig against a DNS server and socat against an echo server. */
class UdpEntryPointClientToolsTest {

    private static void assumeInstalled(String binary, String debianPackage) {
        assumeTrue(Files.isExecutable(Path.of(binary)), binary + " is not installed (Debian package " + debianPackage + ")");
    }

    @Test
    void digGetsItsAnswerThroughTheEntryPoint() throws Exception {
        assumeInstalled("/usr/bin/dig", "bind9-dnsutils");
        try (UdpTestBackend dns = UdpTestBackend.answering(DnsTestResponder::answer);
             UdpEntryPoint entry = UdpEntryPoint.open("dns", "127.0.0.1", 0, UdpEntryPointTest.LONG_IDLE,
                     client -> new UdpTarget("r", "s", dns.address(), false))) {
            Process dig = new ProcessBuilder("/usr/bin/dig", "@127.0.0.1", "-p", String.valueOf(entry.localAddress().getPort()),
                    "+short", "+tries=1", "+time=20", "jetway.test", "A").redirectErrorStream(true).start();
            try {
                String output = new String(dig.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertEquals(true, dig.waitFor(60, TimeUnit.SECONDS));
                assertEquals("127.0.0.1", output.strip(), output);
                assertEquals(0, dig.exitValue());
            } finally {
                dig.destroyForcibly();
            }
            assertEquals(1, dns.received().size());
        }
    }

    @Test
    void socatGetsItsEchoThroughTheEntryPoint() throws Exception {
        assumeInstalled("/usr/bin/socat", "socat");
        try (UdpTestBackend echo = UdpTestBackend.echo();
             UdpEntryPoint entry = UdpEntryPoint.open("echo", "127.0.0.1", 0, UdpEntryPointTest.LONG_IDLE,
                     client -> new UdpTarget("r", "s", echo.address(), false))) {
            Process socat = new ProcessBuilder(List.of("/usr/bin/socat", "-", "UDP:127.0.0.1:" + entry.localAddress().getPort()))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try {
                OutputStream stdin = socat.getOutputStream();
                stdin.write("hello from socat\n".getBytes(StandardCharsets.UTF_8));
                stdin.flush(); // stdin stays open: at its end socat would stop waiting for the answer
                BufferedReader stdout = new BufferedReader(new InputStreamReader(socat.getInputStream(), StandardCharsets.UTF_8));
                assertEquals("hello from socat", stdout.readLine());
            } finally {
                socat.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }
}
