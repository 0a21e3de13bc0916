package io.jetway.bench;

import io.jetway.dynamic.ServiceConfig;
import io.jetway.service.Backend;
import io.jetway.service.RoundRobinLoadBalancer;
import io.jetway.service.ServiceHandler;
import io.jetway.service.StickyCookie;
import io.jetway.service.WeightedRoundRobin;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Picking a server: weighted round robin over 100 child load balancers (weights 1..100), and the
 * same service with a sticky cookie that names one child (the lookup a returning client costs).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ServerPickBenchmark {

    private ServiceHandler weighted;
    private ServiceHandler stickyWeighted;
    private HttpServletRequest returningClient;

    @Setup
    public void setup() {
        List<WeightedRoundRobin.Child> children = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String name = "default-app-" + i + "@kubernetescrd";
            ServiceHandler lb = new RoundRobinLoadBalancer(name,
                    List.of(Backend.of("http://10.0." + (i / 250) + "." + (i % 250 + 1) + ":8080", true, name)),
                    new AtomicInteger(), null);
            children.add(new WeightedRoundRobin.Child(lb, i + 1));
        }
        weighted = new WeightedRoundRobin("wrr@kubernetescrd", children, new AtomicInteger());
        StickyCookie cookie = StickyCookie.of(new ServiceConfig.Sticky("lvl1", false, false, "", 0, "", "/"), "sticky@kubernetescrd");
        stickyWeighted = new WeightedRoundRobin("sticky@kubernetescrd", children, new AtomicInteger(), cookie);
        Cookie[] cookies = {new Cookie("other", "x"), new Cookie("lvl1", StickyCookie.valueFor("default-app-42@kubernetescrd"))};
        returningClient = (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{HttpServletRequest.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getCookies")) {
                        return cookies;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        Backend kept = stickyWeighted.select(returningClient, null);
        if (!kept.serviceName().equals("default-app-42@kubernetescrd")) {
            throw new IllegalStateException("the sticky cookie did not select its child: " + kept);
        }
    }

    @Benchmark
    public Backend weightedRoundRobin100() {
        return weighted.select(null, null);
    }

    @Benchmark
    public Backend stickyLookup() {
        return stickyWeighted.select(returningClient, null);
    }
}
