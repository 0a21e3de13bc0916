package io.jetway.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AccessLogConfigTest {

    @Test
    void offByDefault() throws ConfigException {
        assertEquals(AccessLogConfig.DISABLED, StaticConfigParser.parse(new String[0]).accessLog());
    }

    @Test
    void everyFlagApplies() throws ConfigException {
        AccessLogConfig log = StaticConfigParser.parse(new String[] {
                "--accessLog.format=JSON", "--accesslog.filePath=/var/log/access.log", "--accesslog.bufferingsize=50",
                "--accesslog.filters.statuscodes=200,300-302,500-599", "--accesslog.filters.retryattempts",
                "--accesslog.filters.minduration=10ms", "--accesslog.addinternals",
                "--accesslog.fields.defaultmode=drop", "--accesslog.fields.names.ClientUsername=keep",
                "--accesslog.fields.headers.defaultmode=redact", "--accesslog.fields.headers.names.User-Agent=keep"}).accessLog();
        assertTrue(log.enabled(), "any accesslog option turns it on");
        assertEquals(AccessLogConfig.Format.JSON, log.format());
        assertEquals(Path.of("/var/log/access.log"), log.filePath());
        assertEquals(50, log.bufferingSize());
        assertEquals(List.of(new AccessLogConfig.StatusRange(200, 200), new AccessLogConfig.StatusRange(300, 302),
                new AccessLogConfig.StatusRange(500, 599)), log.filters().statusCodes());
        assertTrue(log.filters().retryAttempts());
        assertEquals(Duration.ofMillis(10), log.filters().minDuration());
        assertTrue(log.addInternals());
        assertEquals(AccessLogConfig.Mode.DROP, log.fields().field("RequestPath"));
        assertEquals(AccessLogConfig.Mode.KEEP, log.fields().field("clientusername"), "field names match in any case");
        assertEquals(AccessLogConfig.Mode.REDACT, log.fields().header("X-Other"));
        assertEquals(AccessLogConfig.Mode.KEEP, log.fields().header("user-agent"));
    }

    @Test
    void defaultsWhenOnlyEnabled() throws ConfigException {
        AccessLogConfig log = StaticConfigParser.parse(new String[] {"--accesslog"}).accessLog();
        assertTrue(log.enabled());
        assertEquals(AccessLogConfig.Format.COMMON, log.format());
        assertNull(log.filePath(), "standard output");
        assertFalse(log.filters().any());
        assertFalse(log.addInternals());
        assertEquals(AccessLogConfig.Mode.KEEP, log.fields().field("ClientHost"));
        assertEquals(AccessLogConfig.Mode.DROP, log.fields().header("User-Agent"));
        assertFalse(log.fields().anyHeader());
    }

    @Test
    void explicitlyOff() throws ConfigException {
        assertFalse(StaticConfigParser.parse(new String[] {"--accesslog.format=json", "--accesslog=false"}).accessLog().enabled());
    }

    @Test
    void configFileSection(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("traefik.yaml");
        Files.writeString(file, """
                accessLog:
                  filePath: /tmp/access.log
                  format: json
                  filters:
                    statusCodes: ["404", "500-599"]
                    minDuration: 1s
                  fields:
                    defaultMode: keep
                    names:
                      ClientUsername: drop
                    headers:
                      defaultMode: drop
                      names:
                        User-Agent: redact
                """);
        AccessLogConfig log = StaticConfigParser.parse(new String[] {"--configfile=" + file}).accessLog();
        assertTrue(log.enabled());
        assertEquals(AccessLogConfig.Format.JSON, log.format());
        assertEquals(Path.of("/tmp/access.log"), log.filePath());
        assertEquals(List.of(new AccessLogConfig.StatusRange(404, 404), new AccessLogConfig.StatusRange(500, 599)),
                log.filters().statusCodes());
        assertEquals(Duration.ofSeconds(1), log.filters().minDuration());
        assertEquals(AccessLogConfig.Mode.DROP, log.fields().field("ClientUsername"));
        assertEquals(AccessLogConfig.Mode.REDACT, log.fields().header("User-Agent"));
    }

    @Test
    void emptySectionInFileTurnsItOn(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("traefik.yaml");
        Files.writeString(file, "accessLog: {}\n");
        assertTrue(StaticConfigParser.parse(new String[] {"--configfile=" + file}).accessLog().enabled());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "--accesslog.format=xml                          | --accesslog.format",
            "--accesslog.bufferingsize=-1                    | --accesslog.bufferingsize",
            "--accesslog.filters.statuscodes=500-400         | --accesslog.filters.statuscodes",
            "--accesslog.filters.statuscodes=abc             | --accesslog.filters.statuscodes",
            "--accesslog.filters.minduration=soon            | --accesslog.filters.minduration",
            "--accesslog.filters.retryattempts=maybe         | --accesslog.filters.retryattempts",
            "--accesslog.fields.defaultmode=redact           | --accesslog.fields.defaultmode",
            "--accesslog.fields.names.ClientHost=hide        | --accesslog.fields.names.ClientHost",
            "--accesslog.fields.headers.defaultmode=keepall  | --accesslog.fields.headers.defaultmode",
            "--accesslog.fields.headers.names.Cookie=show    | --accesslog.fields.headers.names.Cookie",
    })
    void badValuesNameTheFlag(String arg, String flag) {
        ConfigException e = assertThrows(ConfigException.class, () -> StaticConfigParser.parse(new String[] {arg}));
        assertTrue(e.getMessage().startsWith(flag + ":"), e.getMessage());
    }
}
