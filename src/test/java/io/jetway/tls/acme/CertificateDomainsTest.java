package io.jetway.tls.acme;

import io.jetway.dynamic.DynamicConfig;
import io.jetway.dynamic.Layer4Config;
import io.jetway.dynamic.RouterConfig;
import io.jetway.dynamic.RouterTls;
import io.jetway.dynamic.TcpRouterConfig;
import io.jetway.dynamic.TcpRouterTls;
import io.jetway.dynamic.TlsDomain;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which certificates the routing configuration asks each resolver for. */
class CertificateDomainsTest {

    private static RouterConfig router(String name, List<String> entryPoints, String rule, RouterTls tls) {
        return new RouterConfig(name, entryPoints, rule, 0, "v3", List.of(), "svc@file", null, List.of(), tls);
    }

    private static CertificateDomains of(Map<String, String> entryPointResolvers, RouterConfig... routers) {
        Map<String, RouterConfig> byName = new HashMap<>();
        for (RouterConfig r : routers) {
            byName.put(r.name(), r);
        }
        return CertificateDomains.of(new DynamicConfig(byName, Map.of(), Map.of(), List.of()), entryPointResolvers,
                List.of("web", "websecure"));
    }

    @Test
    void tcpRoutersThatTerminateTlsAskTheirResolverForTheirHostSniNamesOrTlsDomains() {
        Map<String, TcpRouterConfig> tcp = new HashMap<>();
        tcp.put("db@c", new TcpRouterConfig("db@c", List.of("web"),
                "HostSNI(`db.example.com`) || HostSNI(`*.example.com`)", 0, null, List.of(), "s",
                new TcpRouterTls(false, null, "le", List.of()), null));
        tcp.put("listed@c", new TcpRouterConfig("listed@c", List.of("web"), "HostSNI(`*`)", 0, null,
                List.of(), "s", new TcpRouterTls(false, null, "le",
                List.of(new TlsDomain("example.net", List.of("a.example.net")))), null));
        tcp.put("passthrough@c", new TcpRouterConfig("passthrough@c", List.of("web"), "HostSNI(`p.example`)", 0,
                null, List.of(), "s", new TcpRouterTls(true, null, "le", List.of()), null));
        tcp.put("nameless@c", new TcpRouterConfig("nameless@c", List.of("web"), "HostSNI(`*`)", 0, null,
                List.of(), "s", new TcpRouterTls(false, null, "le", List.of()), null));
        Layer4Config layer4 = new Layer4Config(tcp, Map.of(), Map.of(), Map.of(), Map.of(), Map.of());
        DynamicConfig config = new DynamicConfig(Map.of(), Map.of(), Map.of(), List.of(), Map.of(), null, layer4);

        CertificateDomains domains = CertificateDomains.of(config, Map.of("web", "ep"), List.of("web"));

        assertEquals(Map.of("le", Map.of(new TlsDomain("db.example.com", List.of()), Set.of("db@c"),
                new TlsDomain("example.net", List.of("a.example.net")), Set.of("listed@c"))), domains.byResolver(),
                "passthrough routers hold no certificate; the entry point's http.tls resolver is not theirs");
        assertEquals(Set.of("nameless@c"), domains.problems().keySet());
    }

    @Test
    void ruleHostsMakeOneCertificateAndTlsDomainsOnePerEntry() {
        CertificateDomains domains = of(Map.of(),
                router("hosts@file", List.of("websecure"), "(Host(`b.example.com`) || Host(`A.example.com.`)) && PathPrefix(`/x`)",
                        new RouterTls(null, "le", List.of())),
                router("explicit@file", List.of("websecure"), "Host(`ignored.example.com`)",
                        new RouterTls(null, "le", List.of(new TlsDomain("Main.example.com", List.of("www.example.com", "main.example.com")),
                                new TlsDomain("other.example.com", List.of())))),
                router("plain@file", List.of("web"), "Host(`plain.example.com`)", null));

        assertEquals(Map.of(
                new TlsDomain("a.example.com", List.of("b.example.com")), Set.of("hosts@file"),
                new TlsDomain("main.example.com", List.of("www.example.com")), Set.of("explicit@file"),
                new TlsDomain("other.example.com", List.of()), Set.of("explicit@file")), domains.byResolver().get("le"));
        assertEquals(Set.of("le"), domains.byResolver().keySet());
    }

    @Test
    void anEntryPointResolverAppliesToItsRoutersWithoutOwnResolver() {
        CertificateDomains domains = of(Map.of("websecure", "ep"),
                router("onWebsecure@file", List.of("websecure"), "Host(`a.example.com`)", RouterTls.DEFAULT),
                router("everywhere@file", List.of(), "Host(`b.example.com`)", null),
                router("own@file", List.of("websecure"), "Host(`c.example.com`)", new RouterTls(null, "le", List.of())),
                router("onWeb@file", List.of("web"), "Host(`d.example.com`)", null));

        assertEquals(Map.of(new TlsDomain("a.example.com", List.of()), Set.of("onWebsecure@file"),
                new TlsDomain("b.example.com", List.of()), Set.of("everywhere@file")), domains.byResolver().get("ep"));
        assertEquals(Map.of(new TlsDomain("c.example.com", List.of()), Set.of("own@file")), domains.byResolver().get("le"));
    }

    @Test
    void routersSharingHostsShareTheCertificate() {
        CertificateDomains domains = of(Map.of(),
                router("one@file", List.of("websecure"), "Host(`a.example.com`) && Path(`/1`)", new RouterTls(null, "le", List.of())),
                router("two@file", List.of("websecure"), "Host(`a.example.com`) && Path(`/2`)", new RouterTls(null, "le", List.of())),
                router("regexp@file", List.of("websecure"), "HostRegexp(`.+`)", new RouterTls(null, "le", List.of())));

        assertEquals(Map.of(new TlsDomain("a.example.com", List.of()), Set.of("one@file", "two@file")), domains.byResolver().get("le"));
        assertEquals(Set.of("regexp@file"), domains.problems().keySet());
    }
}
