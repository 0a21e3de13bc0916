package io.jetway.routing.layer4;

import io.jetway.dynamic.TcpRouterTls;
import io.jetway.routing.layer4.TcpDecision.Facts;
import io.jetway.routing.layer4.TcpDecision.Handler;
import io.jetway.routing.layer4.TcpDecision.Stage;
import io.jetway.routing.tcp.TcpPriority;
import io.jetway.routing.tcp.TcpRule;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Traefik's order on a shared entry point (its pkg/server/router/tcp/router.go), one stage at a time. */
class TcpDecisionTest {

    private static final InetAddress CLIENT = address("10.1.2.3");

    private static final TcpRoute DB = route("db", "HostSNI(`db.example.com`)", true);
    private static final TcpRoute WWW_TCP = route("www-tcp", "HostSNI(`www.example.com`)", true);
    private static final TcpRoute H2 = route("h2", "ALPN(`h2`)", true);
    private static final TcpRoute TLS_ANY = route("tls-any", "HostSNI(`*`)", true);
    private static final TcpRoute PLAIN_ANY = route("plain-any", "HostSNI(`*`)", false);
    private static final TcpRoute INTERNAL = route("internal", "ClientIP(`10.0.0.0/8`)", false);

    /** HTTPS routers: one for www.example.com and *.shop.example.com. */
    private static final HttpsHostNames WWW = new HttpsHostNames(Set.of("www.example.com"), Set.of("shop.example.com"),
            false, true);
    /** HTTPS routers: www.example.com and one without a host. */
    private static final HttpsHostNames WWW_AND_HOSTLESS = new HttpsHostNames(Set.of("www.example.com"), Set.of(), true, true);

    private record NoServers(String name) implements TcpBalancer {
        @Override
        public TcpTarget next() {
            return null;
        }
    }

    static TcpRoute route(String name, String rule, boolean tls) {
        return new TcpRoute(name, TcpRule.parse(rule, null), TcpPriority.of(rule, 0),
                tls ? new TcpRouterTls(true, null, null, List.of()) : null, List.of(), new NoServers(name));
    }

    /** As the builder orders them: by priority, higher first. */
    static TcpEntryPointRoutes routes(TcpRoute... all) {
        List<TcpRoute> plain = new ArrayList<>();
        List<TcpRoute> tls = new ArrayList<>();
        for (TcpRoute r : all) {
            (r.tls() == null ? plain : tls).add(r);
        }
        Comparator<TcpRoute> order = Comparator.comparingLong(TcpRoute::priority).reversed();
        plain.sort(order);
        tls.sort(order);
        return new TcpEntryPointRoutes(plain, tls);
    }

    static InetAddress address(String ip) {
        try {
            return InetAddress.getByName(ip); // a literal: no lookup
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    static Facts hello(String sni, String... alpn) {
        return new Facts(CLIENT, false, true, sni, List.of(alpn));
    }

    static Facts notTls() {
        return new Facts(CLIENT, false, false, "", List.of());
    }

    static void assertDecision(Stage stage, Handler handler, TcpRoute route, TcpDecision decision) {
        assertEquals(new TcpDecision(stage, handler, route), decision);
    }

    @Test
    void anEntryPointWithoutTcpRoutersIsHttpWithoutReadingAByte() {
        assertDecision(Stage.NO_TCP_ROUTERS, Handler.HTTP, null, TcpDecision.atAccept(TcpEntryPointRoutes.NONE, WWW, CLIENT));
        assertDecision(Stage.NO_TCP_ROUTERS, Handler.HTTPS, null, TcpDecision.decide(TcpEntryPointRoutes.NONE, WWW,
                hello("www.example.com")));
        assertDecision(Stage.NO_TCP_ROUTERS, Handler.HTTP, null, TcpDecision.decide(TcpEntryPointRoutes.NONE, WWW, notTls()));
    }

    @Test
    void theFastPathDecidesOnTheClientAddressAloneWhenOnlyPlainTcpRoutersAndNoHttpsRoutersAreThere() {
        TcpEntryPointRoutes routes = routes(INTERNAL);
        assertDecision(Stage.FAST_PATH, Handler.TCP, INTERNAL, TcpDecision.atAccept(routes, HttpsHostNames.NONE, CLIENT));
        assertDecision(Stage.FAST_PATH, Handler.HTTP, null,
                TcpDecision.atAccept(routes, HttpsHostNames.NONE, address("192.168.1.1")));
        // Nothing is read, so a ClientHello goes there too, unseen.
        assertDecision(Stage.FAST_PATH, Handler.TCP, INTERNAL, TcpDecision.decide(routes, HttpsHostNames.NONE,
                hello("db.example.com", "h2")));
        assertDecision(Stage.FAST_PATH, Handler.TCP, PLAIN_ANY, TcpDecision.decide(routes(PLAIN_ANY), HttpsHostNames.NONE,
                new Facts(CLIENT, true, true, "db.example.com", List.of())));
    }

    @Test
    void anHttpsRouterOrATlsTcpRouterTurnsTheFastPathOff() {
        assertNull(TcpDecision.atAccept(routes(INTERNAL), WWW, CLIENT));
        assertNull(TcpDecision.atAccept(routes(INTERNAL, DB), HttpsHostNames.NONE, CLIENT));
        assertDecision(Stage.PLAIN_TCP, Handler.TCP, INTERNAL, TcpDecision.decide(routes(INTERNAL), WWW, notTls()));
    }

    @Test
    void aPostgresSslRequestGoesToTheTlsTcpRoutersOnlySpecificFirst() {
        TcpEntryPointRoutes routes = routes(DB, TLS_ANY, PLAIN_ANY);
        // An HTTPS router naming the host does not count after an SSLRequest.
        HttpsHostNames https = new HttpsHostNames(Set.of("db.example.com"), Set.of(), true, true);
        assertDecision(Stage.POSTGRES, Handler.TCP, DB, TcpDecision.decide(routes, https,
                new Facts(CLIENT, true, true, "db.example.com", List.of())));
        assertDecision(Stage.POSTGRES, Handler.TCP, TLS_ANY, TcpDecision.decide(routes, https,
                new Facts(CLIENT, true, true, "other.example.com", List.of())));
        assertDecision(Stage.POSTGRES, Handler.CLOSE, null, TcpDecision.decide(routes(DB, PLAIN_ANY), https,
                new Facts(CLIENT, true, true, "other.example.com", List.of())));
        assertDecision(Stage.CLOSED, Handler.CLOSE, null, TcpDecision.decide(routes, https,
                new Facts(CLIENT, true, false, "", List.of())));
    }

    @Test
    void acmeTlsAlpnGoesToHttpsBeforeAnyRouter() {
        assertDecision(Stage.ACME_TLS_ALPN, Handler.HTTPS, null, TcpDecision.decide(routes(DB, TLS_ANY), HttpsHostNames.NONE,
                hello("db.example.com", "acme-tls/1")));
    }

    @Test
    void anHttpsRouterNamingTheServerNameBeatsATcpRouterForTheSameName() {
        TcpEntryPointRoutes routes = routes(WWW_TCP, DB, TLS_ANY);
        assertDecision(Stage.HTTPS_HOST, Handler.HTTPS, null, TcpDecision.decide(routes, WWW, hello("www.example.com")));
        assertDecision(Stage.HTTPS_HOST, Handler.HTTPS, null, TcpDecision.decide(routes, WWW, hello("a.shop.example.com")));
        // One label only, as the HTTPS index does.
        assertDecision(Stage.TCP_TLS_CATCH_ALL, Handler.TCP, TLS_ANY, TcpDecision.decide(routes, WWW, hello("a.b.shop.example.com")));
    }

    @Test
    void aSpecificTlsTcpRouterBeatsAnHttpsRouterWithoutHost() {
        TcpEntryPointRoutes routes = routes(DB, H2, TLS_ANY);
        assertDecision(Stage.TCP_TLS_SPECIFIC, Handler.TCP, DB, TcpDecision.decide(routes, WWW_AND_HOSTLESS, hello("db.example.com")));
        assertDecision(Stage.TCP_TLS_SPECIFIC, Handler.TCP, H2, TcpDecision.decide(routes, WWW_AND_HOSTLESS, hello("x.example.com", "h2")));
    }

    @Test
    void theHighestPrioritySpecificRouterWins() {
        TcpRoute longer = route("longer", "HostSNI(`db.example.com`) || HostSNI(`x.example.com`)", true);
        assertDecision(Stage.TCP_TLS_SPECIFIC, Handler.TCP, longer, TcpDecision.decide(routes(DB, longer), HttpsHostNames.NONE,
                hello("db.example.com")));
    }

    @Test
    void anHttpsRouterWithoutHostBeatsTheTlsCatchAll() {
        assertDecision(Stage.HTTPS_CATCH_ALL, Handler.HTTPS, null, TcpDecision.decide(routes(DB, TLS_ANY), WWW_AND_HOSTLESS,
                hello("other.example.com")));
    }

    @Test
    void theTlsCatchAllTakesWhatNothingMoreSpecificTook() {
        assertDecision(Stage.TCP_TLS_CATCH_ALL, Handler.TCP, TLS_ANY, TcpDecision.decide(routes(DB, TLS_ANY), WWW,
                hello("other.example.com")));
        // An SSLv2 hello has no SNI: only HostSNI(`*`) takes it.
        assertDecision(Stage.TCP_TLS_CATCH_ALL, Handler.TCP, TLS_ANY, TcpDecision.clientHello(routes(DB, TLS_ANY), WWW,
                new Facts(CLIENT, false, true, "", List.of()).info(), false));
    }

    @Test
    void aClientHelloNothingTakesGoesToHttpsWithTheDefaultCertificate() {
        assertDecision(Stage.HTTPS_DEFAULT, Handler.HTTPS, null, TcpDecision.decide(routes(DB, PLAIN_ANY), WWW,
                hello("other.example.com")));
    }

    @Test
    void withoutTlsAPlainTcpRouterElseHttp() {
        assertDecision(Stage.PLAIN_TCP, Handler.TCP, PLAIN_ANY, TcpDecision.decide(routes(DB, PLAIN_ANY), WWW, notTls()));
        assertDecision(Stage.HTTP, Handler.HTTP, null, TcpDecision.decide(routes(DB, INTERNAL), WWW,
                new Facts(address("192.168.1.1"), false, false, "", List.of())));
        assertDecision(Stage.PLAIN_TCP, Handler.TCP, INTERNAL, TcpDecision.notTls(routes(DB, INTERNAL), CLIENT, false));
    }

    @Test
    void withoutTlsTheRulesSeeNoServerNameWhateverWasDescribed() {
        Facts facts = new Facts(CLIENT, false, false, "db.example.com", List.of("h2"));
        assertEquals("", facts.info().serverName());
        assertEquals(List.of(), facts.info().alpn());
    }
}
