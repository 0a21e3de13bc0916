package io.jetway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class StaticConfigParserTest {

    @TempDir
    Path dir;

    private static StaticConfig parse(String... args) throws ConfigException {
        return StaticConfigParser.parse(args);
    }

    @Test
    void defaultsWithoutArguments() throws ConfigException {
        StaticConfig config = parse();

        assertEquals(List.of("web"), List.copyOf(config.entryPoints().keySet()));
        EntryPointConfig web = config.entryPoints().get("web");
        assertEquals(new EntryPointConfig("web", "", 8000, new ForwardedHeadersConfig(List.of(), false)), web);
        assertTrue(web.allInterfaces());
        assertNull(config.fileProvider());
        assertEquals(new KubernetesCrdConfig(false, false, false), config.kubernetesCrd());
        assertEquals(LogConfig.DEFAULTS, config.log());
        assertNull(config.configFile());
    }

    @ParameterizedTest(name = "{0} -> host \"{1}\" port {2}")
    @CsvSource(delimiter = '|', value = {
        ":8000              | ''        | 8000",
        "127.0.0.1:8443     | 127.0.0.1 | 8443",
        "[::1]:9000         | ::1       | 9000",
        "[::]:80            | ::        | 80",
        "localhost:1        | localhost | 1",
        ":65535             | ''        | 65535",
        ":0                 | ''        | 0",
        ":8000/tcp          | ''        | 8000",
        "0.0.0.0:8080/TCP   | 0.0.0.0   | 8080",
    })
    void entryPointAddresses(String address, String host, int port) throws ConfigException {
        EntryPointConfig web = parse("--entrypoints.web.address=" + address).entryPoints().get("web");

        assertEquals(host, web.host());
        assertEquals(port, web.port());
    }

    @ParameterizedTest(name = "{0} -> udp {1}")
    @CsvSource(delimiter = '|', value = {
        ":53/udp            | true",
        ":53/UDP            | true",
        "[::1]:5353/udp     | true",
        ":8000/tcp          | false",
        ":8000              | false",
    })
    void theProtocolSuffixMakesAUdpEntryPoint(String address, boolean udp) throws ConfigException {
        EntryPointConfig ep = parse("--entrypoints.ep.address=" + address).entryPoints().get("ep");

        assertEquals(udp, ep.udp());
    }

    @Test
    void layer4EntryPointFlagsApply() throws ConfigException {
        StaticConfig config = parse("--entrypoints.dns.address=:53/udp", "--entrypoints.dns.udp.timeout=10s",
                "--entrypoints.web.address=:80", "--entrypoints.web.asdefault=true",
                "--entrypoints.web.proxyprotocol.trustedips=10.0.0.0/8,127.0.0.1",
                "--entrypoints.smtp.address=:25", "--entrypoints.smtp.tcp.serverfirstafter=300ms",
                "--entrypoints.smtp.proxyprotocol.insecure");

        Layer4EntryPointConfig dns = config.entryPoints().get("dns").layer4();
        assertEquals(java.time.Duration.ofSeconds(10), dns.udpTimeout());
        assertTrue(dns.udp());
        Layer4EntryPointConfig web = config.entryPoints().get("web").layer4();
        assertTrue(web.asDefault());
        assertEquals(List.of("10.0.0.0/8", "127.0.0.1"), web.proxyProtocol().trustedIPs());
        assertFalse(web.proxyProtocol().insecure());
        assertEquals(java.time.Duration.ZERO, web.serverFirstAfter());
        Layer4EntryPointConfig smtp = config.entryPoints().get("smtp").layer4();
        assertEquals(java.time.Duration.ofMillis(300), smtp.serverFirstAfter());
        assertTrue(smtp.proxyProtocol().insecure());
        assertFalse(smtp.asDefault());
        assertNull(config.entryPoints().get("dns").layer4().proxyProtocol());
        assertEquals(Layer4EntryPointConfig.DEFAULT_UDP_TIMEOUT, smtp.udpTimeout());
    }

    @Test
    void everyFlagApplies() throws ConfigException {
        StaticConfig config = parse(
                "--entrypoints.web.address=:80",
                "--entrypoints.web.forwardedheaders.trustedips=10.0.0.0/8, 192.168.1.7,2001:db8::/32",
                "--entrypoints.web.forwardedheaders.insecure",
                "--providers.file.directory=/etc/jetway/manifests",
                "--providers.file.filename=/etc/jetway/one.yaml",
                "--providers.file.watch=false",
                "--providers.kubernetescrd",
                "--providers.kubernetescrd.allowcrossnamespace",
                "--providers.kubernetescrd.allowemptyservices=true",
                "--providers.kubernetescrd.allowexternalnameservices",
                "--providers.kubernetescrd.endpoint=https://10.0.0.1:6443",
                "--providers.kubernetescrd.token=t0ken",
                "--providers.kubernetescrd.certauthfilepath=/var/run/ca.crt",
                "--providers.kubernetescrd.namespaces=default, apps",
                "--providers.kubernetescrd.labelselector=app=web",
                "--providers.kubernetescrd.throttleduration=2s",
                "--log.level=debug");

        EntryPointConfig web = config.entryPoints().get("web");
        assertEquals(List.of("10.0.0.0/8", "192.168.1.7", "2001:db8::/32"), web.forwardedHeaders().trustedIPs());
        assertTrue(web.forwardedHeaders().insecure());
        assertEquals(new FileProviderConfig(Path.of("/etc/jetway/manifests"), Path.of("/etc/jetway/one.yaml"), false),
                config.fileProvider());
        assertEquals(new KubernetesCrdConfig(true, true, true, true, "https://10.0.0.1:6443", "t0ken",
                Path.of("/var/run/ca.crt"), List.of("default", "apps"), "app=web", Duration.ofSeconds(2)), config.kubernetesCrd());
        assertEquals("DEBUG", config.log().level());
    }

    @Test
    void fileProviderWatchesByDefault() throws ConfigException {
        assertEquals(new FileProviderConfig(Path.of("manifests"), null, true),
                parse("--providers.file.directory=manifests").fileProvider());
    }

    @Test
    void flagNamesAreCaseInsensitiveAndEntryPointsKeepTheirFirstSpelling() throws Exception {
        StaticConfig config = parse(
                "--entryPoints.WebSecure.address=:8443",
                "--ENTRYPOINTS.websecure.forwardedHeaders.trustedIPs=127.0.0.1",
                "--Providers.KubernetesCRD.AllowCrossNamespace=true",
                "--configFile=" + write("empty.yaml", ""),
                "--Log.Level=Warn");

        assertEquals(List.of("WebSecure"), List.copyOf(config.entryPoints().keySet()));
        EntryPointConfig entryPoint = config.entryPoints().get("WebSecure");
        assertEquals("WebSecure", entryPoint.name());
        assertEquals(8443, entryPoint.port());
        assertEquals(List.of("127.0.0.1"), entryPoint.forwardedHeaders().trustedIPs());
        assertTrue(config.kubernetesCrd().allowCrossNamespace());
        assertEquals("WARN", config.log().level());
    }

    @Test
    void separateValueMeansTheSameAsEquals() throws ConfigException {
        StaticConfig joined = parse("--entrypoints.web.address=:81", "--log.level=ERROR", "--providers.file.filename=a.yaml");
        StaticConfig separate = parse("--entrypoints.web.address", ":81", "--log.level", "ERROR", "--providers.file.filename", "a.yaml");

        assertEquals(joined, separate);
    }

    @Test
    void singleDashIsAcceptedLikeGoFlags() throws ConfigException {
        assertEquals("TRACE", parse("-log.level=trace").log().level());
    }

    static Stream<Arguments> booleans() {
        return Stream.of(
                Arguments.of(new String[] {"--providers.kubernetescrd.allowemptyservices"}, true),
                Arguments.of(new String[] {"--providers.kubernetescrd.allowemptyservices=true"}, true),
                Arguments.of(new String[] {"--providers.kubernetescrd.allowemptyservices=True"}, true),
                Arguments.of(new String[] {"--providers.kubernetescrd.allowemptyservices=1"}, true),
                Arguments.of(new String[] {"--providers.kubernetescrd.allowemptyservices=t"}, true),
                Arguments.of(new String[] {"--providers.kubernetescrd.allowemptyservices=false"}, false),
                Arguments.of(new String[] {"--providers.kubernetescrd.allowemptyservices=FALSE"}, false),
                Arguments.of(new String[] {"--providers.kubernetescrd.allowemptyservices=0"}, false),
                Arguments.of(new String[] {"--providers.kubernetescrd.allowemptyservices", "false"}, false),
                Arguments.of(new String[] {"--providers.kubernetescrd.allowemptyservices", "true"}, true),
                Arguments.of(new String[] {"--providers.kubernetescrd.allowemptyservices", "--log.level=info"}, true));
    }

    @ParameterizedTest
    @MethodSource("booleans")
    void booleanFlags(String[] args, boolean expected) throws ConfigException {
        assertEquals(expected, StaticConfigParser.parse(args).kubernetesCrd().allowEmptyServices());
    }

    @Test
    void severalEntryPointsKeepTheirOrder() throws ConfigException {
        StaticConfig config = parse(
                "--entrypoints.websecure.address=:8443",
                "--entrypoints.web.address=:8000",
                "--entrypoints.metrics.address=127.0.0.1:9100",
                "--entrypoints.web.forwardedheaders.insecure");

        assertEquals(List.of("websecure", "web", "metrics"), List.copyOf(config.entryPoints().keySet()));
        assertTrue(config.entryPoints().get("web").forwardedHeaders().insecure());
        assertFalse(config.entryPoints().get("websecure").forwardedHeaders().insecure());
    }

    @Test
    void laterFlagWins() throws ConfigException {
        assertEquals(9, parse("--entrypoints.web.address=:8", "--entrypoints.web.address=:9").entryPoints().get("web").port());
    }

    @Test
    void entryPointsAreUnmodifiable() throws ConfigException {
        StaticConfig config = parse();

        assertThrows(UnsupportedOperationException.class, () -> config.entryPoints().clear());
    }

    @Test
    void configFileAppliesFirstAndFlagsOverride() throws Exception {
        Path file = write("jetway.yaml", """
                entryPoints:
                  web:
                    address: ":8000"
                    forwardedHeaders:
                      trustedIPs: ["127.0.0.1/32", "10.0.0.0/8"]
                      insecure: false
                  websecure:
                    address: ":8443"
                providers:
                  file:
                    directory: /etc/jetway/manifests
                    watch: true
                  kubernetesCRD:
                    allowCrossNamespace: true
                log:
                  level: DEBUG
                """);

        StaticConfig config = parse("--configfile=" + file, "--entrypoints.web.address=:9000", "--log.level=error",
                "--providers.file.watch=false");

        assertEquals(file, config.configFile());
        assertEquals(List.of("web", "websecure"), List.copyOf(config.entryPoints().keySet()));
        assertEquals(9000, config.entryPoints().get("web").port());
        assertEquals(List.of("127.0.0.1/32", "10.0.0.0/8"), config.entryPoints().get("web").forwardedHeaders().trustedIPs());
        assertEquals(8443, config.entryPoints().get("websecure").port());
        assertEquals(new FileProviderConfig(Path.of("/etc/jetway/manifests"), null, false), config.fileProvider());
        assertTrue(config.kubernetesCrd().allowCrossNamespace());
        assertEquals("ERROR", config.log().level());
    }

    @Test
    void configFileMayBeJsonWithAnyKeyCase() throws Exception {
        Path file = write("jetway.json", """
                {"ENTRYPOINTS": {"Web": {"Address": "127.0.0.1:8001"}},
                 "providers": {"kubernetescrd": {}, "KubernetesCrd": {"AllowEmptyServices": true}}}
                """);

        StaticConfig config = parse("--configFile", file.toString());

        assertEquals(new EntryPointConfig("Web", "127.0.0.1", 8001, ForwardedHeadersConfig.NONE),
                config.entryPoints().get("Web"));
        assertTrue(config.kubernetesCrd().allowEmptyServices());
    }

    @Test
    void unknownKeyInFileIsNamedAsFlagPath() throws Exception {
        Path file = write("bad.yaml", "entryPoints:\n  web:\n    adress: \":8000\"\n");

        ConfigException error = assertThrows(ConfigException.class, () -> parse("--configfile=" + file));

        assertEquals("--configfile: " + file + ": line 3: entryPoints.web.adress: unknown setting"
                + " (did you mean entrypoints.web.address?)", error.getMessage());
        assertEquals("--configfile", error.flag());
    }

    @Test
    void emptySectionsInFileMeanTheirDefaults() throws Exception {
        Path file = write("sections.yaml", """
                entryPoints:
                  web:
                    address: ":8000"
                    http: {encodedCharacters: {}}
                    transport: {respondingTimeouts: {}, lifecycle: {}}
                """);

        StaticConfig config = parse("--configfile=" + file);

        assertEquals(RequestPathConfig.DEFAULTS, config.entryPoints().get("web").requestPath());
        assertEquals(8000, config.entryPoints().get("web").port());
    }

    @Test
    void anEmptyUnknownSectionIsStillUnknown() throws Exception {
        Path file = write("bad.yaml", "entryPoints:\n  web:\n    address: \":8000\"\n    htp: {}\n");

        ConfigException error = assertThrows(ConfigException.class, () -> parse("--configfile=" + file));

        assertEquals("--configfile: " + file + ": line 4: entryPoints.web.htp: unknown setting", error.getMessage());
    }

    @Test
    void badValueInFileNamesTheSetting() throws Exception {
        Path file = write("bad.yaml", "entryPoints:\n  web:\n    address: \":abc\"\n");

        ConfigException error = assertThrows(ConfigException.class, () -> parse("--configfile=" + file));

        assertEquals("--configfile: " + file + ": line 3: entryPoints.web.address: invalid port \"abc\"", error.getMessage());
    }

    @Test
    void missingConfigFile() {
        Path missing = dir.resolve("nope.yaml");

        ConfigException error = assertThrows(ConfigException.class, () -> parse("--configfile=" + missing));

        assertEquals("--configfile: file not found: " + missing, error.getMessage());
    }

    @Test
    void unparsableConfigFileIsOneLine() throws Exception {
        Path file = write("broken.yaml", "entryPoints:\n  web: [unclosed\n");

        ConfigException error = assertThrows(ConfigException.class, () -> parse("--configfile=" + file));

        assertTrue(error.getMessage().startsWith("--configfile: invalid YAML in " + file + ": "), error.getMessage());
        assertFalse(error.getMessage().contains("\n"), error.getMessage());
        assertEquals("--configfile", error.flag());
    }

    @Test
    void configFileThatIsNotAMapping() throws Exception {
        Path file = write("list.yaml", "- a\n- b\n");

        ConfigException error = assertThrows(ConfigException.class, () -> parse("--configfile=" + file));

        assertEquals("--configfile: invalid configuration in " + file + ": expected a mapping at the top level",
                error.getMessage());
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of(new String[] {"--entrypoints.web.adress=:80"}, "--entrypoints.web.adress",
                        "unknown flag (did you mean --entrypoints.web.address?)"),
                Arguments.of(new String[] {"--api.insecur"}, "--api.insecur", "unknown flag (did you mean --api.insecure?)"),
                Arguments.of(new String[] {"--experimental.plugins.demo.modulename=x"}, "--experimental.plugins.demo.modulename",
                        "not supported by Jetway"),
                Arguments.of(new String[] {"--no.such.thing"}, "--no.such.thing", "unknown flag"),
                Arguments.of(new String[] {"--entrypoints..address=:80"}, "--entrypoints..address", "unknown flag"),
                Arguments.of(new String[] {"--entrypoints.web.address"}, "--entrypoints.web.address", "missing value"),
                Arguments.of(new String[] {"--entrypoints.web.address="}, "--entrypoints.web.address", "missing value"),
                Arguments.of(new String[] {"--log.level", "--entrypoints.web.address=:80"}, "--log.level", "missing value"),
                Arguments.of(new String[] {"--providers.file.watch=yes"}, "--providers.file.watch", "invalid boolean \"yes\""),
                Arguments.of(new String[] {"--providers.file.watch", "yes"}, "yes", "unexpected argument (flags start with --)"),
                Arguments.of(new String[] {"serve"}, "serve", "unexpected argument (flags start with --)"),
                Arguments.of(new String[] {"--log.level=info", "--"}, "--", "unexpected argument (flags start with --)"),
                Arguments.of(new String[] {"--entrypoints.web.address=:abc"}, "--entrypoints.web.address", "invalid port \"abc\""),
                Arguments.of(new String[] {"--entrypoints.web.address=:65536"}, "--entrypoints.web.address", "invalid port \"65536\""),
                Arguments.of(new String[] {"--entrypoints.web.address=:-1"}, "--entrypoints.web.address", "invalid port \"-1\""),
                Arguments.of(new String[] {"--entrypoints.web.address=:"}, "--entrypoints.web.address", "invalid port \"\""),
                Arguments.of(new String[] {"--entrypoints.web.address=8000"}, "--entrypoints.web.address",
                        "invalid address \"8000\" (expected [host]:port)"),
                Arguments.of(new String[] {"--entrypoints.web.address=::1:80"}, "--entrypoints.web.address",
                        "invalid address \"::1:80\" (expected [host]:port)"),
                Arguments.of(new String[] {"--entrypoints.web.address=[nothost]:80"}, "--entrypoints.web.address",
                        "invalid address \"[nothost]:80\" (expected [host]:port)"),
                Arguments.of(new String[] {"--entrypoints.dns.address=:53/udp", "--entrypoints.dns.udp.timeout=0s"},
                        "--entrypoints.dns.udp.timeout", "entry point \"dns\": udp.timeout must be greater than 0"),
                Arguments.of(new String[] {"--entrypoints.web.address=:80/sctp"}, "--entrypoints.web.address",
                        "invalid protocol \"sctp\" (expected tcp or udp)"),
                Arguments.of(new String[] {"--entrypoints.web.address=:80", "--entrypoints.web.forwardedheaders.trustedips=10.0.0.0/33"},
                        "--entrypoints.web.forwardedheaders.trustedips", "invalid CIDR \"10.0.0.0/33\""),
                Arguments.of(new String[] {"--entrypoints.web.address=:80", "--entrypoints.web.forwardedheaders.trustedips=example.com"},
                        "--entrypoints.web.forwardedheaders.trustedips", "invalid CIDR \"example.com\""),
                Arguments.of(new String[] {"--entrypoints.internal.forwardedheaders.trustedips=10.0.0.0/8"},
                        "--entrypoints.internal.forwardedheaders.trustedips",
                        "entry point \"internal\" has no address (set --entrypoints.internal.address)"),
                Arguments.of(new String[] {"--entrypoints.internal.forwardedheaders.insecure"},
                        "--entrypoints.internal.forwardedheaders.insecure",
                        "entry point \"internal\" has no address (set --entrypoints.internal.address)"),
                Arguments.of(new String[] {"--providers.file.watch"}, "--providers.file.watch",
                        "the file provider needs --providers.file.directory or --providers.file.filename"),
                Arguments.of(new String[] {"--log.level=verbose"}, "--log.level",
                        "invalid level \"verbose\" (expected one of TRACE, DEBUG, INFO, WARN, ERROR, FATAL, PANIC)"),
                Arguments.of(new String[] {"--configfile=/nonexistent/traefik.toml"}, "--configfile",
                        "file not found: /nonexistent/traefik.toml"));
    }

    @ParameterizedTest(name = "{1}: {2}")
    @MethodSource("errors")
    void errorsNameTheFlagInOneLine(String[] args, String flag, String reason) {
        ConfigException error = assertThrows(ConfigException.class, () -> StaticConfigParser.parse(args));

        assertEquals(flag + ": " + reason, error.getMessage());
        assertEquals(flag, error.flag());
    }

    @Test
    void helpTextListsEveryFlagWithItsDefault() {
        String help = StaticConfigParser.helpText();
        List<String> lines = help.lines().toList();

        for (FlagSpec spec : StaticFlags.ALL) {
            String line = lines.stream().filter(l -> l.trim().startsWith(spec.usage() + " ")).findFirst()
                    .orElseThrow(() -> new AssertionError("no help line for " + spec.pattern() + " in\n" + help));
            assertTrue(line.contains(spec.description()), line);
            assertTrue(line.contains(spec.defaultText() == null ? " - " : " " + spec.defaultText() + " "), line);
        }
        for (String flag : List.of("--configfile=FILE", "--entrypoints.<name>.address=[host]:port",
                "--entrypoints.<name>.forwardedheaders.trustedips=CIDR,...",
                "--entrypoints.<name>.forwardedheaders.insecure[=bool]", "--providers.file.directory=DIR",
                "--providers.file.filename=FILE", "--providers.file.watch[=bool]",
                "--providers.kubernetescrd.allowcrossnamespace[=bool]",
                "--providers.kubernetescrd.allowemptyservices[=bool]", "--log.level=LEVEL")) {
            assertTrue(help.contains(flag), flag);
        }
    }

    @Test
    void helpTextColumnsAreAligned() {
        List<String> rows = StaticConfigParser.helpText().lines().filter(l -> l.startsWith("  --")).toList();
        int descriptionColumn = rows.get(0).indexOf(StaticFlags.ALL.get(0).description());

        for (int i = 0; i < rows.size(); i++) {
            assertEquals(descriptionColumn, rows.get(i).indexOf(StaticFlags.ALL.get(i).description()), rows.get(i));
        }
    }

    @Test
    void apiAndPingAreOffByDefault() throws ConfigException {
        StaticConfig config = parse();

        assertEquals(ApiConfig.DISABLED, config.api());
        assertEquals(PingConfig.DISABLED, config.ping());
        assertNull(config.managementEntryPoint());
    }

    @Test
    void insecureApiAddsTheTraefikEntryPointOn8080() throws ConfigException {
        StaticConfig config = parse("--api.insecure");

        assertEquals(new ApiConfig(true, true, true), config.api());
        assertEquals(List.of("web", "traefik"), List.copyOf(config.entryPoints().keySet()));
        assertEquals(new EntryPointConfig("traefik", "", 8080, ForwardedHeadersConfig.NONE), config.entryPoints().get("traefik"));
        assertEquals("traefik", config.managementEntryPoint());
    }

    @Test
    void theTraefikEntryPointKeepsItsConfiguredAddress() throws ConfigException {
        StaticConfig config = parse("--entrypoints.web.address=:80", "--entryPoints.Traefik.address=:9000", "--ping");

        assertEquals(List.of("web", "Traefik"), List.copyOf(config.entryPoints().keySet()));
        assertEquals(9000, config.entryPoints().get("Traefik").port());
        assertEquals(new PingConfig(true, "Traefik"), config.ping());
        assertEquals("Traefik", config.managementEntryPoint());
    }

    @Test
    void apiWithoutInsecureNeedsNoExtraEntryPoint() throws ConfigException {
        StaticConfig config = parse("--api", "--api.dashboard=false");

        assertEquals(new ApiConfig(true, false, false), config.api());
        assertEquals(List.of("web"), List.copyOf(config.entryPoints().keySet()));
        assertNull(config.managementEntryPoint());
    }

    @Test
    void pingOnAnotherEntryPointLeavesTraefikOut() throws ConfigException {
        StaticConfig config = parse("--entrypoints.web.address=:80", "--ping.entrypoint=WEB");

        assertEquals(new PingConfig(true, "web"), config.ping());
        assertEquals(List.of("web"), List.copyOf(config.entryPoints().keySet()));
        assertNull(config.managementEntryPoint());
    }

    @Test
    void pingOnAnUnknownEntryPointIsAnError() {
        ConfigException e = assertThrows(ConfigException.class, () -> parse("--ping", "--ping.entrypoint=admin"));

        assertTrue(e.getMessage().startsWith("--ping.entrypoint: entry point \"admin\" does not exist"), e.getMessage());
    }

    @Test
    void apiAndPingFromTheConfigurationFile() throws Exception {
        Path file = write("traefik.yaml", """
                api:
                  insecure: true
                  dashboard: false
                ping: {}
                """);

        StaticConfig config = parse("--configfile=" + file);

        assertEquals(new ApiConfig(true, true, false), config.api());
        assertTrue(config.ping().enabled());
        assertEquals("traefik", config.managementEntryPoint());
    }

    @Test
    void tlsAndRedirectionFlags() throws ConfigException {
        StaticConfig config = parse("--entrypoints.web.address=:80", "--entrypoints.websecure.address=:443",
                "--entrypoints.websecure.http.tls=true", "--entrypoints.api.address=:9443",
                "--entrypoints.api.http.tls.options=default-strict@kubernetescrd",
                "--entrypoints.web.http.redirections.entrypoint.to=WebSecure",
                "--entrypoints.web.http.redirections.entrypoint.permanent=false");
        assertEquals(new EntryPointTlsConfig(null, null, java.util.List.of()), config.entryPoints().get("websecure").tls());
        assertEquals("default-strict@kubernetescrd", config.entryPoints().get("api").tls().options(),
                "a tls sub-option alone turns TLS on");
        assertEquals(null, config.entryPoints().get("web").tls());
        assertEquals(new RedirectionConfig("websecure", "https", false, Integer.MAX_VALUE - 1),
                config.entryPoints().get("web").redirection());
        assertEquals(null, config.entryPoints().get("websecure").redirection());
    }

    @Test
    void aRedirectionMayNameAPort() throws ConfigException {
        assertEquals(new RedirectionConfig(":443", "https", true, Integer.MAX_VALUE - 1), parse("--entrypoints.web.address=:80",
                "--entrypoints.web.http.redirections.entrypoint.to=:443").entryPoints().get("web").redirection());
        assertThrows(ConfigException.class, () -> parse("--entrypoints.web.address=:80",
                "--entrypoints.web.http.redirections.entrypoint.to=:99999"));
    }

    @Test
    void aRedirectionToAMissingEntryPointNamesTheFlag() {
        ConfigException error = assertThrows(ConfigException.class, () -> parse("--entrypoints.web.address=:80",
                "--entrypoints.web.http.redirections.entrypoint.to=websecure"));
        assertEquals("--entrypoints.web.http.redirections.entrypoint.to", error.flag());
        assertTrue(error.getMessage().contains("entry point \"websecure\" does not exist"), error.getMessage());
    }

    @Test
    void tlsAndRedirectionsFromTheConfigFile() throws Exception {
        Path file = write("traefik.yaml", """
                entryPoints:
                  web:
                    address: ":8000"
                    http:
                      redirections:
                        entryPoint: {to: websecure, scheme: https, priority: 10}
                  websecure:
                    address: ":8443"
                    http:
                      tls: {}
                  other:
                    address: ":8444"
                    http:
                      tls: {certResolver: le}
                """);
        StaticConfig config = parse("--configfile=" + file);
        assertEquals(new RedirectionConfig("websecure", "https", true, 10), config.entryPoints().get("web").redirection());
        assertEquals(new EntryPointTlsConfig(null, null, java.util.List.of()), config.entryPoints().get("websecure").tls());
        assertEquals("le", config.entryPoints().get("other").tls().certResolver());
    }

    private Path write(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content);
    }
}
