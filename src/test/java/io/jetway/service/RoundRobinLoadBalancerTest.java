package io.jetway.service;

import io.jetway.dynamic.PassiveHealthCheck;
import io.jetway.dynamic.ServiceConfig;
import io.jetway.service.health.ServerHealth;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RoundRobinLoadBalancerTest {

    static final StickyCookie COOKIE = StickyCookie.of(new ServiceConfig.Sticky("s", false, false, "", 0, "", "/"), "svc");

    /** A request carrying the given cookie value (or none). */
    static HttpServletRequest requestWith(String cookieValue) {
        Cookie[] cookies = cookieValue == null ? null : new Cookie[]{new Cookie("s", cookieValue)};
        return (HttpServletRequest) Proxy.newProxyInstance(RoundRobinLoadBalancerTest.class.getClassLoader(),
                new Class<?>[]{HttpServletRequest.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getCookies")) {
                        return cookies;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    /** A response that records the Set-Cookie headers written to it. */
    static HttpServletResponse recording(List<String> setCookies) {
        return (HttpServletResponse) Proxy.newProxyInstance(RoundRobinLoadBalancerTest.class.getClassLoader(),
                new Class<?>[]{HttpServletResponse.class}, (proxy, method, args) -> {
                    if (method.getName().equals("addHeader") && "Set-Cookie".equals(args[0])) {
                        setCookies.add((String) args[1]);
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    static Backend backend(String url, ServerHealth health) {
        return Backend.of(url, true, "svc", null, health);
    }

    @Test
    void skipsServersThatAreDownAndGivesNoneWhenAllAre() {
        ServerHealth aHealth = new ServerHealth();
        ServerHealth bHealth = new ServerHealth();
        var lb = new RoundRobinLoadBalancer("svc", List.of(backend("http://a:80", aHealth), backend("http://b:80", bHealth)),
                new AtomicInteger(), null);
        bHealth.setActiveUp(false);
        for (int i = 0; i < 5; i++) {
            assertEquals("http://a:80", lb.select(null, null).baseUrl());
        }
        aHealth.setActiveUp(false);
        assertNull(lb.select(null, null));
        bHealth.setActiveUp(true);
        assertEquals("http://b:80", lb.select(null, null).baseUrl());
    }

    @Test
    void terminatingServersKeepTheirStickyClientsButGetNoNewOnes() {
        var lb = new RoundRobinLoadBalancer("svc", List.of(backend("http://ready:80", null)),
                List.of(backend("http://leaving:80", null)), new AtomicInteger(), COOKIE);
        List<String> setCookies = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            assertEquals("http://ready:80", lb.select(requestWith(null), recording(setCookies)).baseUrl());
        }
        String leaving = StickyCookie.valueFor("http://leaving:80");
        assertEquals("http://leaving:80", lb.select(requestWith(leaving), recording(setCookies)).baseUrl());
        assertEquals(4, setCookies.size(), "a kept client is not sent the cookie again");
    }

    @Test
    void aCookieNamingAServerThatIsDownPicksAnotherAndResetsTheCookie() {
        ServerHealth aHealth = new ServerHealth();
        var lb = new RoundRobinLoadBalancer("svc", List.of(backend("http://a:80", aHealth), backend("http://b:80", null)),
                new AtomicInteger(), COOKIE);
        aHealth.setActiveUp(false);
        List<String> setCookies = new ArrayList<>();
        Backend picked = lb.select(requestWith(StickyCookie.valueFor("http://a:80")), recording(setCookies));
        assertEquals("http://b:80", picked.baseUrl());
        assertEquals(List.of("s=" + StickyCookie.valueFor("http://b:80") + "; Path=/"), setCookies);
    }

    @Test
    void anOlderFormOfTheCookieKeepsTheServerAndIsSetAgainInTheCurrentForm() {
        var lb = new RoundRobinLoadBalancer("svc", List.of(backend("http://a:80", null), backend("http://b:80", null)),
                new AtomicInteger(), COOKIE);
        String fnv = StickyCookie.fnvValueFor("http://b:80");
        for (String older : List.of("http://b:80", fnv, StickyCookie.fnvValueFor(fnv))) {
            List<String> setCookies = new ArrayList<>();
            assertEquals("http://b:80", lb.select(requestWith(older), recording(setCookies)).baseUrl(), older);
            assertEquals(List.of("s=" + StickyCookie.valueFor("http://b:80") + "; Path=/"), setCookies, older);
        }
    }

    @Test
    void passiveCheckTakesAServerOutAfterMaxFailedAttemptsWithinTheWindow() {
        ServerHealth health = new ServerHealth();
        assertFalse(health.recordFailure(), "without a passive check failures are ignored");
        assertTrue(health.isUp());
        health.usePassiveCheck(new PassiveHealthCheck(Duration.ofMinutes(1), 3));
        assertFalse(health.recordFailure());
        assertFalse(health.recordFailure());
        assertTrue(health.isUp());
        assertTrue(health.recordFailure(), "the third failure in the window takes it out");
        assertFalse(health.isUp());
        health.usePassiveCheck(null);
        assertTrue(health.isUp(), "removing the passive check puts the server back");
    }

    @Test
    void aServerTakenOutPassivelyComesBackAfterTheWindow() throws InterruptedException {
        ServerHealth health = new ServerHealth();
        health.usePassiveCheck(new PassiveHealthCheck(Duration.ofMillis(50), 1));
        assertTrue(health.recordFailure());
        assertFalse(health.isUp());
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!health.isUp() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(health.isUp());
    }

    @Test
    void powerOfTwoChoicesNeverPicksAServerThatIsDown() {
        ServerHealth down = new ServerHealth();
        down.setActiveUp(false);
        var p2c = new PowerOfTwoChoices("svc", List.of(
                Backend.of("http://a:80", true, "svc", new AtomicInteger(), down),
                Backend.of("http://b:80", true, "svc", new AtomicInteger(5), null),
                Backend.of("http://c:80", true, "svc", new AtomicInteger(7), null)));
        for (int i = 0; i < 50; i++) {
            assertFalse(p2c.select(null, null).baseUrl().equals("http://a:80"));
        }
    }
}
