package io.jetway.translate.crd;

import io.jetway.dynamic.DynamicConfig;
import io.jetway.dynamic.TcpMiddlewareConfig;
import io.jetway.dynamic.TcpServersTransport;
import io.jetway.kube.ObjectRef;
import io.jetway.kube.Problem;
import io.jetway.util.TestCertificates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.jetway.translate.crd.CrdTranslatorTest.translate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** MiddlewareTCP and ServersTransportTCP: YAML in, model and problems out. */
class Layer4MiddlewareAndTransportTest {

    private static String secrets;

    @BeforeAll
    static void certificates() throws Exception {
        ServersTransportTranslatorTest.certificates();
        secrets = ServersTransportTranslatorTest.secrets();
    }

    private static String middlewareTcp(String spec) {
        return """
                apiVersion: traefik.io/v1alpha1
                kind: MiddlewareTCP
                metadata: {name: guard, namespace: default}
                spec: %s
                """.formatted(spec);
    }

    private static String transportTcp(String spec) {
        return """
                apiVersion: traefik.io/v1alpha1
                kind: ServersTransportTCP
                metadata: {name: st, namespace: default}
                spec:
                %s
                """.formatted(spec.indent(2).stripTrailing());
    }

    private static final String MIDDLEWARE = "default-guard@kubernetescrd";
    private static final String TRANSPORT = "default-st@kubernetescrd";

    @Test
    void inFlightConnKeepsItsOptions() throws Exception {
        DynamicConfig c = translate(middlewareTcp("{inFlightConn: {amount: 10}}"));
        assertEquals(List.of(), c.problems());
        assertEquals(new TcpMiddlewareConfig(MIDDLEWARE, "inFlightConn", Map.of("amount", 10),
                new ObjectRef("MiddlewareTCP", "default", "guard")), c.layer4().tcpMiddlewares().get(MIDDLEWARE));
    }

    @Test
    void anAmountOfZeroClosesEveryConnectionAndSaysSo() throws Exception {
        DynamicConfig c = translate(middlewareTcp("{inFlightConn: {}}"));
        assertTrue(c.layer4().tcpMiddlewares().containsKey(MIDDLEWARE));
        assertEquals(List.of(Problem.warning(new ObjectRef("MiddlewareTCP", "default", "guard"), MIDDLEWARE,
                "spec.inFlightConn.amount: 0 (or unset) closes every connection, as in Traefik")), c.problems());
    }

    @Test
    void ipWhiteListIsReadAsIpAllowList() throws Exception {
        DynamicConfig c = translate(middlewareTcp("{ipWhiteList: {sourceRange: [10.0.0.0/8, 192.168.1.7]}}"));
        assertEquals(List.of(), c.problems());
        TcpMiddlewareConfig m = c.layer4().tcpMiddlewares().get(MIDDLEWARE);
        assertEquals("ipAllowList", m.type());
        assertEquals(Map.of("sourceRange", List.of("10.0.0.0/8", "192.168.1.7")), m.options());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "several kinds    | {inFlightConn: {amount: 1}, ipAllowList: {sourceRange: [10.0.0.0/8]}} | spec sets several middleware types [inFlightConn, ipAllowList]: Traefik would use only the last (ipAllowList) without a word; set one per MiddlewareTCP",
            "no kind          | {}                                                                    | spec names no TCP middleware type (inFlightConn, ipAllowList or ipWhiteList)",
            "unknown kind     | {rateLimit: {average: 1}}                                             | spec names no TCP middleware type (inFlightConn, ipAllowList or ipWhiteList)",
            "empty range      | {ipAllowList: {sourceRange: []}}                                      | spec.ipAllowList.sourceRange: at least one IP address or CIDR is required (Traefik refuses an empty list)",
            "no range         | {ipWhiteList: {}}                                                     | spec.ipWhiteList.sourceRange: at least one IP address or CIDR is required (Traefik refuses an empty list)",
            "bad range        | {ipAllowList: {sourceRange: [10.0.0.0/33]}}                           | spec.ipAllowList.sourceRange[0]: invalid CIDR \"10.0.0.0/33\"",
            "negative amount  | {inFlightConn: {amount: -1}}                                          | spec.inFlightConn.amount: must not be negative",
    })
    void aBadMiddlewareIsAProblemOnItselfAndLeftOut(String label, String spec, String message) throws Exception {
        DynamicConfig c = translate(middlewareTcp(spec));
        assertFalse(c.layer4().tcpMiddlewares().containsKey(MIDDLEWARE));
        List<Problem> errors = c.problems().stream().filter(p -> !p.isWarning()).toList();
        assertEquals(List.of(new Problem(new ObjectRef("MiddlewareTCP", "default", "guard"), MIDDLEWARE, message)), errors);
    }

    @Test
    void aTransportWithoutSettingsTakesTraefiksDefaults() throws Exception {
        DynamicConfig c = translate(transportTcp("{}").replace("spec:\n  {}", "spec: {}"));
        assertEquals(List.of(), c.problems());
        assertEquals(new TcpServersTransport(TRANSPORT, Duration.ofSeconds(30), Duration.ofSeconds(15), Duration.ofMillis(100), 0,
                null, new ObjectRef("ServersTransportTCP", "default", "st")), c.layer4().tcpServersTransports().get(TRANSPORT));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "dialTimeout      | 10      | PT10S",
            "dialTimeout      | '\"10\"' | PT10S",
            "dialTimeout      | 500ms   | PT0.5S",
            "dialKeepAlive    | -1s     | PT-1S",
            "terminationDelay | 1m30s   | PT1M30S",
            "terminationDelay | 0       | PT0S",
    })
    void durationsAreIntOrStringWithBareIntegersInSeconds(String field, String value, String expected) throws Exception {
        DynamicConfig c = translate(transportTcp(field + ": " + value));
        assertEquals(List.of(), c.problems());
        TcpServersTransport t = c.layer4().tcpServersTransports().get(TRANSPORT);
        Duration actual = switch (field) {
            case "dialTimeout" -> t.dialTimeout();
            case "dialKeepAlive" -> t.dialKeepAlive();
            default -> t.terminationDelay();
        };
        assertEquals(Duration.parse(expected), actual);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "bad duration     | 'dialTimeout: soon'               | spec.dialTimeout: ",
            "negative dial    | 'dialTimeout: -1s'                | spec.dialTimeout: must not be negative",
            "empty proxy      | 'proxyProtocol: {}'               | spec.proxyProtocol.version: must be 1 or 2, got none (an empty proxyProtocol is version 0 on a ServersTransportTCP, which Traefik refuses when dialing)",
            "proxy 3          | 'proxyProtocol: {version: 3}'     | spec.proxyProtocol.version: must be 1 or 2, got 3",
            "spiffe           | 'tls: {spiffe: {ids: [x]}}'       | spec.tls.spiffe: SPIFFE is not supported",
            "peer SANs        | 'tls: {peerCertSANs: [{type: DNSName, value: a}]}' | spec.tls.peerCertSANs: is not supported yet; use peerCertURI",
            "missing CA       | 'tls: {rootCAs: [{secret: nope}]}' | spec.tls.rootCAs[0].secret: Secret default/nope not found",
            "both CA kinds    | 'tls: {rootCAs: [{secret: a, configMap: b}]}' | spec.tls.rootCAs[0]: name exactly one of secret or configMap",
            "missing client   | 'tls: {certificatesSecrets: [nope]}' | spec.tls.certificatesSecrets[0]: Secret default/nope not found",
    })
    void aBadTransportIsAProblemOnItselfAndLeftOut(String label, String spec, String message) throws Exception {
        DynamicConfig c = translate(transportTcp(spec));
        assertFalse(c.layer4().tcpServersTransports().containsKey(TRANSPORT));
        Problem p = c.problems().get(0);
        assertEquals(TRANSPORT, p.element());
        assertTrue(p.message().startsWith(message), p.message());
    }

    @Test
    void proxyProtocolVersionsOneAndTwoAreKept() throws Exception {
        DynamicConfig c = translate(transportTcp("proxyProtocol: {version: 1}"));
        assertEquals(1, c.layer4().tcpServersTransports().get(TRANSPORT).proxyProtocolVersion());
    }

    @Test
    void tlsReadsCasFromSecretsAndConfigMapsAndClientCertificates() throws Exception {
        DynamicConfig c = translate(secrets + transportTcp("""
                tls:
                  serverName: db.internal
                  insecureSkipVerify: true
                  rootCAs: [{secret: ca-secret}, {configMap: ca-map}]
                  rootCAsSecrets: [ca-secret]
                  certificatesSecrets: [client-ec, client-rsa]
                  peerCertURI: spiffe://db"""));
        assertEquals(List.of(), c.problems());
        TcpServersTransport.Tls tls = c.layer4().tcpServersTransports().get(TRANSPORT).tls();
        assertEquals("db.internal", tls.serverName());
        assertTrue(tls.insecureSkipVerify());
        assertEquals(3, tls.rootCAs().size());
        assertTrue(tls.rootCAs().stream().allMatch(pem -> pem.equals(ServersTransportTranslatorTest.ca.certificatePem())));
        assertEquals(2, tls.certificates().size());
        assertEquals(ServersTransportTranslatorTest.clientEc.certificatePem(), tls.certificates().get(0).certificatePem());
        assertEquals("spiffe://db", tls.peerCertURI());
    }

    @Test
    void noTlsSectionMeansNoTls() throws Exception {
        assertNull(translate(transportTcp("dialTimeout: 5s")).layer4().tcpServersTransports().get(TRANSPORT).tls());
    }

    @Test
    void unknownFieldsAreWarnings() throws Exception {
        DynamicConfig c = translate(transportTcp("dialTimout: 5s") + "---\n" + middlewareTcp("{ipAllowList: {sourceRange: [10.0.0.0/8], rejectStatusCode: 403}}"));
        assertEquals(List.of(
                        "warning: spec.dialTimout: unknown field, ignored (Traefik's ServersTransportTCP has no such field)",
                        "warning: spec.ipAllowList.rejectStatusCode: unknown field, ignored (Traefik's MiddlewareTCP has no such field)"),
                c.problems().stream().map(Problem::message).sorted().toList());
    }
}
