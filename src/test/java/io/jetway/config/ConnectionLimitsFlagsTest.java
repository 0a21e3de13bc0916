package io.jetway.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An entry point's {@code http.maxHeaderBytes}, {@code transport.respondingTimeouts.*} and
 * {@code transport.acceptBacklog}: defaults, flags and the configuration file.
 */
class ConnectionLimitsFlagsTest {

    @TempDir
    Path dir;

    @Test
    void defaultsAreTraefiksAndTheSystemsBacklog() throws ConfigException {
        StaticConfig config = StaticConfigParser.parse(new String[] {"--entrypoints.web.address=:8000"});
        ConnectionLimitsConfig limits = config.entryPoints().get("web").connectionLimits();
        assertEquals(1 << 20, limits.maxHeaderBytes());
        assertEquals(ConnectionLimitsConfig.SYSTEM_MAXIMUM, limits.acceptBacklog());
        assertEquals(new RespondingTimeoutsConfig(Duration.ofSeconds(60), Duration.ZERO, Duration.ofSeconds(180),
                Duration.ofSeconds(60)), limits.respondingTimeouts());
        assertEquals(ConnectionLimitsConfig.DEFAULTS, StaticConfigParser.parse(new String[0]).entryPoints().get("web").connectionLimits());
    }

    @Test
    void flagsSetEachEntryPointApart() throws ConfigException {
        StaticConfig config = StaticConfigParser.parse(new String[] {
                "--entrypoints.web.address=:8000",
                "--entrypoints.websecure.address=:8443",
                "--entryPoints.web.http.maxHeaderBytes=65536",
                "--entrypoints.web.transport.respondingTimeouts.readTimeout=0",
                "--entrypoints.web.transport.respondingtimeouts.writetimeout=1m30s",
                "--entrypoints.web.transport.respondingtimeouts.idletimeout=5s",
                "--entrypoints.web.transport.respondingtimeouts.readheadertimeout=10s",
                "--entrypoints.web.transport.acceptbacklog=1024"});
        ConnectionLimitsConfig web = config.entryPoints().get("web").connectionLimits();
        assertEquals(new ConnectionLimitsConfig(65536, 1024, new RespondingTimeoutsConfig(Duration.ZERO,
                Duration.ofSeconds(90), Duration.ofSeconds(5), Duration.ofSeconds(10))), web);
        assertEquals(ConnectionLimitsConfig.DEFAULTS, config.entryPoints().get("websecure").connectionLimits());
    }

    @Test
    void theConfigurationFileUsesTraefiksKeys() throws Exception {
        Path file = Files.writeString(dir.resolve("traefik.yml"), """
                entryPoints:
                  web:
                    address: ":8000"
                    http:
                      maxHeaderBytes: 8192
                    transport:
                      acceptBacklog: 512
                      respondingTimeouts:
                        readTimeout: 42s
                        writeTimeout: 7
                        idleTimeout: 1m
                        readHeaderTimeout: 2s
                """);
        StaticConfig config = StaticConfigParser.parse(new String[] {"--configfile=" + file});
        assertEquals(new ConnectionLimitsConfig(8192, 512, new RespondingTimeoutsConfig(Duration.ofSeconds(42),
                Duration.ofSeconds(7), Duration.ofMinutes(1), Duration.ofSeconds(2))),
                config.entryPoints().get("web").connectionLimits());
    }

    @Test
    void zeroHeaderBytesMeansGosDefault() throws ConfigException {
        StaticConfig config = StaticConfigParser.parse(new String[] {
                "--entrypoints.web.address=:8000", "--entrypoints.web.http.maxheaderbytes=0"});
        assertEquals(1 << 20, config.entryPoints().get("web").connectionLimits().maxHeaderBytes());
    }

    @Test
    void theHeadTimeoutIsTheShorterOfReadHeaderTimeoutAndReadTimeout() {
        assertEquals(Duration.ofSeconds(5), new RespondingTimeoutsConfig(Duration.ofSeconds(5), Duration.ZERO,
                Duration.ZERO, Duration.ofSeconds(60)).headTimeout());
        assertEquals(Duration.ofSeconds(60), new RespondingTimeoutsConfig(Duration.ZERO, Duration.ZERO,
                Duration.ZERO, Duration.ofSeconds(60)).headTimeout());
        assertEquals(Duration.ofSeconds(5), new RespondingTimeoutsConfig(Duration.ofSeconds(5), Duration.ZERO,
                Duration.ZERO, Duration.ZERO).headTimeout());
        assertEquals(Duration.ZERO, new RespondingTimeoutsConfig(Duration.ZERO, Duration.ZERO,
                Duration.ZERO, Duration.ZERO).headTimeout());
        assertEquals(Duration.ofSeconds(5), new RespondingTimeoutsConfig(Duration.ofSeconds(5), Duration.ZERO,
                Duration.ZERO, Duration.ZERO).effectiveIdleTimeout(), "Go: no idleTimeout falls back to readTimeout");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--entrypoints.web.transport.respondingtimeouts.readtimeout=soon|invalid duration",
            "--entrypoints.web.transport.respondingtimeouts.writetimeout=-1s|negative duration",
            "--entrypoints.web.transport.respondingtimeouts.idletimeout=1 h|invalid duration",
            "--entrypoints.web.transport.respondingtimeouts.readheadertimeout=x|invalid duration",
            "--entrypoints.web.http.maxheaderbytes=-5|invalid number",
            "--entrypoints.web.http.maxheaderbytes=67108865|at most 67108864 bytes",
            "--entrypoints.web.transport.acceptbacklog=0|invalid backlog",
            "--entrypoints.web.transport.acceptbacklog=many|invalid backlog"})
    void badValuesNameTheirFlag(String flag, String message) {
        ConfigException error = assertThrows(ConfigException.class,
                () -> StaticConfigParser.parse(new String[] {"--entrypoints.web.address=:8000", flag}));
        assertEquals(flag.substring(0, flag.indexOf('=')), error.flag());
        assertTrue(error.getMessage().contains(message), error.getMessage());
    }
}
