package io.jetway;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.LocationProvider;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.ServletContextListener;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The package rules of issue 17 (items 3 and 4): data flows provider -> translate -> build ->
 * serve, with the foundation (utilities, HTTP facts, the input and configuration models,
 * observability) at the bottom, the API and the command-line tools at the edge, and the
 * composition root (io.jetway.bootstrap) on top. The package groups below say which package
 * belongs where; a refactoring that moves or renames packages updates the groups.
 *
 * <p>Rules (any violation fails):
 * <ul>
 *   <li>the foundation (util, net, http, kube, dynamic, observability) depends on no other Jetway package;
 *   <li>the input model (kube) does not depend on the dynamic configuration (dynamic);
 *   <li>nothing before serving (foundation, config, provider, translate, build) depends on serving,
 *       status writing, the API or the command-line tools;
 *   <li>build (build, routing, middleware, service, tls) does not reach back to the providers or translation;
 *   <li>serving (server, accesslog) does not depend on the API, the command-line tools, the entry
 *       class or the composition root;
 *   <li>only the entry class depends on the composition root (bootstrap), which wires everything;
 *   <li>inside serving, server.control -> server.entry -> server.proxy, with server.observe
 *       beside: the request path never reaches back to the control plane, and the proxy knows
 *       neither the entry points nor the observers;
 *   <li>no cycles between top-level packages;
 *   <li>providers depend only on the foundation and config: they read the outside world, never
 *       the routing table built from it (status writing lives in status, ACME storage in tls.acme);
 *   <li>translate depends only on the foundation and config ("translate is pure");
 *   <li>status (writing back to the cluster what became of each object) depends only on the
 *       foundation, config, the providers and the build: it subscribes to the table, nothing
 *       before it calls it;
 *   <li>config depends only on the foundation;
 *   <li>no class from Weld's internals (Weld's servlet listener, its documented bootstrap, is
 *       allowed);
 *   <li>no CDI.current() outside the bootstrap listeners (so never on the request path);
 *   <li>the proxy knows no middleware: serving reads what middlewares ask from the typed
 *       exchange (io.jetway.exchange), which itself depends only on the foundation and the services.
 * </ul>
 *
 * <p>Every rule is strict. The frozen rules of the restructuring (serving depended on the API,
 * two packages lay on a cycle) reached zero and joined this list; a rule the code does not meet
 * yet can be frozen again with ArchUnit's FreezingArchRule.
 */
@AnalyzeClasses(locations = ArchitectureTest.MainClasses.class)
class ArchitectureTest {

    /**
     * Jetway's own classes, from their directory (never the tests): asking for the package instead
     * makes ArchUnit open every jar on the class path, seconds on this machine.
     */
    static final class MainClasses implements LocationProvider {
        @Override
        public Set<Location> get(Class<?> testClass) {
            return Set.of(Location.of(Jetway.class.getProtectionDomain().getCodeSource().getLocation()));
        }
    }

    private static final String[] FOUNDATION = {
            "io.jetway.util..", "io.jetway.net..", "io.jetway.http..", "io.jetway.kube..", "io.jetway.dynamic..",
            "io.jetway.observability.."};
    private static final String[] CONFIG = {"io.jetway.config.."};
    private static final String[] PROVIDERS = {"io.jetway.provider.."};
    private static final String[] TRANSLATE = {"io.jetway.translate.."};
    private static final String[] BUILD = {
            "io.jetway.build..", "io.jetway.routing..", "io.jetway.middleware..", "io.jetway.exchange..",
            "io.jetway.service..", "io.jetway.tls.."};
    private static final String[] SERVE = {"io.jetway.server..", "io.jetway.accesslog.."};
    /** Status writing: reports to the cluster what the build made of each object the provider read. */
    private static final String[] STATUS = {"io.jetway.status.."};
    private static final String[] API = {"io.jetway.api.."};
    /** The entry class (the root package alone) and the command-line tools. */
    private static final String[] TOOLS = {
            "io.jetway", "io.jetway.check..", "io.jetway.explain..", "io.jetway.whoami.."};
    /** The composition root: embedded and WAR start-up, which wires the data plane, the API and CDI. */
    private static final String[] BOOTSTRAP = {"io.jetway.bootstrap.."};

    // ---- strict ----

    @ArchTest
    static final ArchRule foundationDependsOnNothingAboveIt = noClasses()
            .that().resideInAnyPackage(FOUNDATION)
            .should().dependOnClassesThat(jetwayOutside(FOUNDATION));

    @ArchTest
    static final ArchRule nothingBeforeServingDependsOnServingOrTheEdge = noClasses()
            .that().resideInAnyPackage(join(FOUNDATION, CONFIG, PROVIDERS, TRANSLATE, BUILD))
            .should().dependOnClassesThat().resideInAnyPackage(join(SERVE, STATUS, API, TOOLS, BOOTSTRAP));

    @ArchTest
    static final ArchRule buildDoesNotReachBackToProvidersOrTranslation = noClasses()
            .that().resideInAnyPackage(BUILD)
            .should().dependOnClassesThat().resideInAnyPackage(join(PROVIDERS, TRANSLATE));

    @ArchTest
    static final ArchRule servingDoesNotDependOnTheTools = noClasses()
            .that().resideInAnyPackage(SERVE)
            .should().dependOnClassesThat().resideInAnyPackage(join(TOOLS, BOOTSTRAP));

    /** The API is an edge the composition root mounts; serving knows nothing of it. */
    @ArchTest
    static final ArchRule servingDoesNotDependOnTheApi = noClasses()
            .that().resideInAnyPackage(SERVE)
            .should().dependOnClassesThat().resideInAnyPackage(API)
            .as("serving does not depend on the API");

    /** The composition root wires everything; only the entry class (the command line) starts it. */
    @ArchTest
    static final ArchRule onlyTheEntryClassDependsOnTheCompositionRoot = noClasses()
            .that().resideOutsideOfPackages(join(BOOTSTRAP, new String[] {"io.jetway"}))
            .should().dependOnClassesThat().resideInAnyPackage(BOOTSTRAP)
            .as("only the entry class depends on the composition root");

    @ArchTest
    static final ArchRule noCyclesBetweenTopLevelPackages = classes()
            .that().resideInAPackage("io.jetway.*..")
            .should(notDependOnATopLevelPackageThatDependsBack())
            .as("no cycles between top-level packages");

    /** Data never flows back up: providers hand snapshots on and read nothing built from them. */
    @ArchTest
    static final ArchRule providersDoNotReadTheBuiltState = noClasses()
            .that().resideInAnyPackage(PROVIDERS)
            .should().dependOnClassesThat(jetwayOutside(join(FOUNDATION, CONFIG, PROVIDERS)))
            .as("providers depend only on the foundation and config");

    /** Translation reads Kubernetes objects and writes dynamic configuration, nothing else. */
    @ArchTest
    static final ArchRule translateIsPure = noClasses()
            .that().resideInAnyPackage(TRANSLATE)
            .should().dependOnClassesThat(jetwayOutside(join(FOUNDATION, CONFIG, TRANSLATE)))
            .as("translate depends only on the foundation and config");

    /** Status writing reads the provider's view and the built table; it never reaches the serving side. */
    @ArchTest
    static final ArchRule statusReadsOnlyTheProvidersAndTheBuild = noClasses()
            .that().resideInAnyPackage(STATUS)
            .should().dependOnClassesThat(jetwayOutside(join(FOUNDATION, CONFIG, PROVIDERS, BUILD, STATUS)))
            .as("status depends only on the foundation, config, the providers and the build");

    @ArchTest
    static final ArchRule configDependsOnlyOnTheFoundation = noClasses()
            .that().resideInAnyPackage(CONFIG)
            .should().dependOnClassesThat(jetwayOutside(join(FOUNDATION, CONFIG)))
            .as("config depends only on the foundation");

    /** The input model (Kubernetes-shaped objects) knows nothing of what they are translated into. */
    @ArchTest
    static final ArchRule theInputModelKnowsNoDynamicConfiguration = noClasses()
            .that().resideInAPackage("io.jetway.kube..")
            .should().dependOnClassesThat().resideInAPackage("io.jetway.dynamic..")
            .as("the Kubernetes-shaped input model does not depend on the dynamic configuration");

    /** Weld's servlet listener is its documented bootstrap; anything else of Weld's is internal. */
    @ArchTest
    static final ArchRule noWeldInternals = noClasses()
            .should().dependOnClassesThat(resideInAPackage("org.jboss.weld..")
                    .and(DescribedPredicate.not(resideInAPackage("org.jboss.weld.environment.servlet.."))))
            .as("no class from Weld's internals");

    /**
     * Beans are looked up when the application starts, never from the request path: the bootstrap
     * listeners resolve them once and hand them to the data plane (DataPlaneBeans).
     */
    @ArchTest
    static final ArchRule cdiLookupsOnlyInBootstrapListeners = noClasses()
            .that().areNotAssignableTo(ServletContextListener.class)
            .should().callMethod(CDI.class, "current")
            .as("no CDI.current() outside the bootstrap listeners");

    /**
     * Middlewares reach the proxy only through the typed exchange: the serving side obeys what a
     * request's exchange asks without knowing which middleware asked.
     */
    @ArchTest
    static final ArchRule theProxyKnowsNoMiddleware = noClasses()
            .that().resideInAnyPackage(SERVE)
            .should().dependOnClassesThat().resideInAPackage("io.jetway.middleware..")
            .as("the proxy knows no middleware");

    /** The exchange is what middlewares and the proxy share; it knows neither. */
    @ArchTest
    static final ArchRule theExchangeKnowsNoMiddlewareAndNoProxy = noClasses()
            .that().resideInAPackage("io.jetway.exchange..")
            .should().dependOnClassesThat(jetwayOutside(join(FOUNDATION, new String[] {"io.jetway.exchange..", "io.jetway.service.."})))
            .as("the exchange depends only on the foundation and the services");

    /**
     * Inside serving, the packages follow the request: the control plane keeps the configuration
     * current, the entry points hand requests to the proxy, the observers watch from beside.
     * Nothing on the request path reaches back to the control plane: it receives what it needs of
     * it as io.jetway.server.DataPlaneBeans.
     */
    @ArchTest
    static final ArchRule theRequestPathDoesNotReachBackToTheControlPlane = noClasses()
            .that().resideInAnyPackage("io.jetway.server.entry..", "io.jetway.server.proxy..", "io.jetway.server.observe..")
            .should().dependOnClassesThat().resideInAPackage("io.jetway.server.control..")
            .as("the request path does not reach back to the control plane");

    /** The proxy is the last link: it knows neither the entry points before it nor the observers. */
    @ArchTest
    static final ArchRule theProxyIsTheLastLink = noClasses()
            .that().resideInAPackage("io.jetway.server.proxy..")
            .should().dependOnClassesThat().resideInAnyPackage("io.jetway.server.entry..", "io.jetway.server.observe..")
            .as("the proxy knows neither the entry points nor the observers");

    private static DescribedPredicate<JavaClass> jetwayOutside(String... packages) {
        return resideInAPackage("io.jetway..").and(DescribedPredicate.not(resideInAnyPackage(packages)))
                .as("are Jetway classes outside %s", String.join(", ", packages));
    }

    private static String[] join(String[]... groups) {
        return Stream.of(groups).flatMap(Stream::of).toArray(String[]::new);
    }

    /**
     * One violation per dependency between two top-level packages (io.jetway.x) that lies on a
     * cycle: the target package reaches the origin package again, directly or through others.
     */
    private static ArchCondition<JavaClass> notDependOnATopLevelPackageThatDependsBack() {
        return new ArchCondition<>("not depend on a top-level package that depends back on theirs") {
            private final SortedMap<String, SortedSet<String>> edges = new TreeMap<>();

            @Override
            public void init(Collection<JavaClass> allObjectsToTest) {
                edges.clear();
            }

            @Override
            public void check(JavaClass origin, ConditionEvents events) {
                String from = topLevelPackage(origin);
                for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                    String to = topLevelPackage(dependency.getTargetClass().getBaseComponentType());
                    if (from != null && to != null && !from.equals(to)) {
                        edges.computeIfAbsent(from, k -> new TreeSet<>()).add(to);
                    }
                }
            }

            @Override
            public void finish(ConditionEvents events) {
                edges.forEach((from, targets) -> targets.stream()
                        .filter(to -> reaches(to, from))
                        .forEach(to -> events.add(SimpleConditionEvent.violated(from,
                                from + " depends on " + to + ", and " + to + " leads back to " + from))));
            }

            private boolean reaches(String start, String goal) {
                Set<String> seen = new HashSet<>();
                Deque<String> queue = new ArrayDeque<>(List.of(start));
                while (!queue.isEmpty()) {
                    String next = queue.poll();
                    if (next.equals(goal)) {
                        return true;
                    }
                    if (seen.add(next)) {
                        queue.addAll(edges.getOrDefault(next, new TreeSet<>()));
                    }
                }
                return false;
            }
        };
    }

    /** io.jetway.x for a class in io.jetway.x or below; null for the root package and other code. */
    private static String topLevelPackage(JavaClass javaClass) {
        String name = javaClass.getPackageName();
        if (!name.startsWith("io.jetway.")) {
            return null;
        }
        int end = name.indexOf('.', "io.jetway.".length());
        return end < 0 ? name : name.substring(0, end);
    }
}
