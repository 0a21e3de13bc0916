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

/** {@code --certificatesresolvers.<name>.acme.*} and the {@code certificatesResolvers:} file section. */
class CertificateResolverFlagsTest {

    @TempDir
    Path dir;

    @Test
    void defaultsFollowTraefik() throws ConfigException {
        StaticConfig config = StaticConfigParser.parse(new String[] {
                "--certificatesresolvers.le.acme.httpchallenge.entrypoint=web"});

        CertificateResolverConfig le = config.certificateResolvers().get("le");
        assertEquals("le", le.name());
        assertEquals(Path.of("acme.json"), le.storage().file());
        assertEquals("https://acme-v02.api.letsencrypt.org/directory", le.caServer());
        assertEquals("web", le.httpChallengeEntryPoint());
        assertFalse(le.tlsChallenge());
        assertEquals(AcmeKeyType.EC256, le.keyType());
        assertEquals(Duration.ofHours(2160), le.certificatesDuration());
        assertNull(le.email());
        assertEquals(List.of(), le.caCertificates());
    }

    @Test
    void everyFlagCaseInsensitively() throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n");
        StaticConfig config = StaticConfigParser.parse(new String[] {
                "--entryPoints.web.address=:80",
                "--certificatesResolvers.myResolver.acme.email=ops@example.com",
                "--certificatesresolvers.myResolver.acme.storage=/data/acme.json",
                "--certificatesresolvers.myresolver.acme.caServer=https://acme-staging-v02.api.letsencrypt.org/directory",
                "--certificatesresolvers.myResolver.acme.httpChallenge.entryPoint=WEB",
                "--certificatesresolvers.myResolver.acme.tlsChallenge",
                "--certificatesresolvers.myResolver.acme.caCertificates=" + ca,
                "--certificatesresolvers.myResolver.acme.keyType=rsa4096",
                "--certificatesresolvers.myResolver.acme.certificatesDuration=24",
                "--certificatesresolvers.myResolver.acme.preferredChain=ISRG Root X1",
                "--certificatesresolvers.myResolver.acme.eab.kid=kid-1",
                "--certificatesresolvers.myResolver.acme.eab.hmacEncoded=c2VjcmV0"});

        assertEquals(List.of("myResolver"), List.copyOf(config.certificateResolvers().keySet()));
        CertificateResolverConfig r = config.certificateResolvers().get("myResolver");
        assertEquals("ops@example.com", r.email());
        assertEquals(Path.of("/data/acme.json"), r.storage().file());
        assertEquals("https://acme-staging-v02.api.letsencrypt.org/directory", r.caServer());
        assertEquals("web", r.httpChallengeEntryPoint(), "the entry point's own spelling");
        assertTrue(r.tlsChallenge());
        assertEquals(List.of(ca), r.caCertificates());
        assertEquals(AcmeKeyType.RSA4096, r.keyType());
        assertEquals(Duration.ofHours(24), r.certificatesDuration());
        assertEquals("ISRG Root X1", r.preferredChain());
        assertEquals("kid-1", r.eabKid());
        assertEquals("c2VjcmV0", r.eabHmacEncoded());
        assertFalse(r.toString().contains("c2VjcmV0"), "the EAB key stays out of logs");
    }

    @Test
    void theConfigFileSectionAsTraefikWritesIt() throws Exception {
        Path file = Files.writeString(dir.resolve("traefik.yaml"), """
                entryPoints:
                  web:
                    address: ":8000"
                certificatesResolvers:
                  le:
                    acme:
                      email: you@example.com
                      storage: /data/acme.json
                      caServer: https://acme-staging-v02.api.letsencrypt.org/directory
                      httpChallenge:
                        entryPoint: web
                  tls:
                    acme:
                      tlsChallenge: {}
                      keyType: EC384
                """);
        StaticConfig config = StaticConfigParser.parse(new String[] {"--configfile=" + file});

        assertEquals(List.of("le", "tls"), List.copyOf(config.certificateResolvers().keySet()));
        assertEquals("web", config.certificateResolvers().get("le").httpChallengeEntryPoint());
        assertEquals(Path.of("/data/acme.json"), config.certificateResolvers().get("le").storage().file());
        assertTrue(config.certificateResolvers().get("tls").tlsChallenge());
        assertEquals(AcmeKeyType.EC384, config.certificateResolvers().get("tls").keyType());
    }

    @Test
    void secretStorageIsParsed() throws ConfigException {
        CertificateResolverConfig r = StaticConfigParser.parse(new String[] {
                "--certificatesresolvers.le.acme.tlschallenge",
                "--certificatesresolvers.le.acme.storage=secret:traefik/acme-certs"}).certificateResolvers().get("le");

        assertTrue(r.storage().isSecret());
        assertEquals("traefik", r.storage().secretNamespace());
        assertEquals("acme-certs", r.storage().secretName());

        CertificateResolverConfig own = StaticConfigParser.parse(new String[] {
                "--certificatesresolvers.le.acme.tlschallenge",
                "--certificatesresolvers.le.acme.storage=secret:acme-certs"}).certificateResolvers().get("le");
        assertTrue(own.storage().isSecret());
        assertNull(own.storage().secretNamespace(), "Jetway's own namespace, resolved at start");
        assertEquals("acme-certs", own.storage().secretName());
        assertEquals("secret:acme-certs", own.storage().toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "--certificatesresolvers.le.acme.email=a@b.c | --certificatesresolvers.le.acme.email: certificates resolver \"le\" has no challenge",
            "--certificatesresolvers.le.acme.httpchallenge.entrypoint=nowhere | --certificatesresolvers.le.acme.httpchallenge.entrypoint: entry point \"nowhere\" does not exist",
            "--certificatesresolvers.le.acme.httpchallenge | --certificatesresolvers.le.acme.httpchallenge: the HTTP challenge needs an entry point",
            "--certificatesresolvers.le.acme.keytype=EC521 | --certificatesresolvers.le.acme.keytype: invalid key type \"EC521\"",
            "--certificatesresolvers.le.acme.caserver=ftp://x/dir | --certificatesresolvers.le.acme.caserver: invalid URL",
            "--certificatesresolvers.le.acme.certificatesduration=-5 | --certificatesresolvers.le.acme.certificatesduration: invalid duration",
            "--certificatesresolvers.le.acme.certificatesduration=90d | --certificatesresolvers.le.acme.certificatesduration: invalid duration",
            "--certificatesresolvers.le.acme.storage=secret:a/b/c | --certificatesresolvers.le.acme.storage: invalid storage",
            "--certificatesresolvers.le.acme.storage=secret:Upper/name | --certificatesresolvers.le.acme.storage: invalid storage",
            "--certificatesresolvers.le.acme.storage=secret: | --certificatesresolvers.le.acme.storage: invalid storage",
            "--certificatesresolvers.le.acme.cacertificates=/no/such/ca.pem | --certificatesresolvers.le.acme.cacertificates: cannot read file",
            "--certificatesresolvers.le.acme.eab.kid=k | --certificatesresolvers.le.acme.eab.kid: external account binding needs both",
    })
    void badValuesNameTheFlag(String flag, String expected) {
        List<String> args = new java.util.ArrayList<>(List.of(flag));
        if (!flag.contains("challenge") && !flag.contains("acme.email")) {
            args.add("--certificatesresolvers.le.acme.tlschallenge");
        }
        ConfigException e = assertThrows(ConfigException.class, () -> StaticConfigParser.parse(args.toArray(String[]::new)));
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
    }
}
