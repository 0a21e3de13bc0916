package io.jetway.middleware;

import io.jetway.dynamic.MiddlewareConfig;
import io.jetway.kube.Node;
import io.jetway.service.ServiceHandler;
import jakarta.servlet.Filter;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Builds the middlewares of one configuration, each once however many routers use it. A
 * middleware that cannot be built yields an error message instead, which disables the routers
 * that use it and nothing else.
 */
public final class MiddlewareBuilder {

    private final Map<String, MiddlewareConfig> definitions;
    private final Map<String, MiddlewareFactory> factories;
    private final MiddlewareState state;
    private final Function<String, Object> services;
    private final Function<String, List<String>> problems;
    private final Map<String, Object> built = new HashMap<>();
    private final Set<String> building = new HashSet<>();
    /** What the previous build of the same routing state made, reused where nothing it read changed. */
    private final Map<String, Built> previous;
    private final Map<String, Built> made = new HashMap<>();
    private final Map<String, List<Dependency>> failedAsking = new HashMap<>();
    private int created;
    private int reused;

    /**
     * One middleware as built: its definition, what it asked of the configuration (other
     * middlewares and services, in order, with the answers) and the filter.
     */
    public record Built(MiddlewareConfig definition, List<Dependency> dependencies, Filter filter) {
    }

    /** One answer a middleware got while being built: a middleware or a service by name. */
    public record Dependency(boolean service, String name, Object answer) {
    }

    /**
     * @param services service name to its handler, or to an error message
     * @param problems middleware name to the problems the translator found with it
     */
    public MiddlewareBuilder(Map<String, MiddlewareConfig> definitions, Map<String, MiddlewareFactory> factories,
                             MiddlewareState state, Function<String, Object> services,
                             Function<String, List<String>> problems) {
        this(definitions, factories, state, services, problems, Map.of());
    }

    /**
     * @param previous the {@link #made()} of the previous build with the same state: a middleware whose
     *                 definition, problems and dependencies' answers are unchanged is reused as it is
     */
    public MiddlewareBuilder(Map<String, MiddlewareConfig> definitions, Map<String, MiddlewareFactory> factories,
                             MiddlewareState state, Function<String, Object> services,
                             Function<String, List<String>> problems, Map<String, Built> previous) {
        this.previous = previous;
        this.definitions = definitions;
        this.factories = factories;
        this.state = state;
        this.services = services;
        this.problems = problems;
    }

    /** The filter, or an error message naming the middleware. */
    public Object build(String name) {
        Object result = built.get(name);
        if (result == null) {
            result = create(name);
            built.put(name, result);
        }
        return result;
    }

    /** The middlewares built so far that could not be built: name to the error message. */
    public Map<String, String> errors() {
        Map<String, String> errors = new HashMap<>();
        built.forEach((name, result) -> {
            if (result instanceof String error) {
                errors.put(name, error);
            }
        });
        return errors;
    }

    /** The middlewares built (or reused) without error, for the next build to reuse. */
    public Map<String, Built> made() {
        return made;
    }

    /** What the middlewares that failed to build had asked for before they failed, by name. */
    public Map<String, List<Dependency>> failedAsking() {
        return failedAsking;
    }

    /** How many middlewares this build created (the others it served were reused). */
    public int created() {
        return created;
    }

    public int reused() {
        return reused;
    }

    /** Forgets the state of middlewares that are no longer defined. */
    public void retainState() {
        state.retainOnly(definitions.keySet());
    }

    private Object create(String name) {
        List<String> translationProblems = problems.apply(name);
        if (!translationProblems.isEmpty()) {
            return "middleware \"" + name + "\": " + String.join("; ", translationProblems);
        }
        MiddlewareConfig definition = definitions.get(name);
        if (definition == null) {
            return "middleware \"" + name + "\" does not exist";
        }
        MiddlewareFactory factory = factories.get(definition.type());
        if (factory == null && name.endsWith("@kubernetesgateway")) {
            // HTTPRoute filters: kinds the Gateway API translator emits and no Middleware manifest may name.
            factory = Middlewares.GATEWAY_FACTORIES.get(definition.type());
        }
        if (factory == null) {
            return "middleware \"" + name + "\" of type " + definition.type() + " is not supported yet";
        }
        if (!building.add(name)) {
            return "middleware \"" + name + "\" is part of a reference cycle";
        }
        Context context = null;
        try {
            Built before = previous.get(name);
            if (before != null && before.definition().equals(definition)
                    && sameAnswers(before.dependencies())) {
                reused++;
                made.put(name, before);
                return before.filter();
            }
            created++;
            context = new Context(definition);
            Filter filter = factory.create(Node.at("spec." + definition.type(), definition.options()), context);
            made.put(name, new Built(definition, List.copyOf(context.dependencies), filter));
            return filter;
        } catch (Node.InvalidFieldException | IllegalArgumentException e) {
            if (context != null) {
                failedAsking.put(name, List.copyOf(context.dependencies));
            }
            return "middleware \"" + name + "\": " + e.getMessage();
        } finally {
            building.remove(name);
        }
    }

    /**
     * Asks again, in the same order, what the middleware asked when it was built; the same answers
     * (the very same filters and handlers) mean building it again would give the same middleware.
     */
    private boolean sameAnswers(List<Dependency> dependencies) {
        for (Dependency d : dependencies) {
            Object now = d.service() ? services.apply(d.name()) : build(d.name());
            if (!sameAnswer(now, d.answer())) {
                return false;
            }
        }
        return true;
    }

    /** Built things are compared by identity, errors and internal services (records) by value. */
    public static boolean sameAnswer(Object now, Object before) {
        return now == before || (now instanceof String || now instanceof Record) && now.equals(before);
    }

    private final class Context implements MiddlewareContext {
        private final MiddlewareConfig definition;
        private final java.util.ArrayList<Dependency> dependencies = new java.util.ArrayList<>();

        Context(MiddlewareConfig definition) {
            this.definition = definition;
        }

        @Override
        public String name() {
            return definition.name();
        }

        @Override
        public Filter middleware(String name, String field) {
            Object other = build(name);
            dependencies.add(new Dependency(false, name, other));
            if (other instanceof Filter filter) {
                return filter;
            }
            // A cycle reports itself at the middleware that closes it; say so from here too.
            String message = building.contains(name) ? "middleware \"" + name + "\" is part of a reference cycle" : (String) other;
            throw new Node.InvalidFieldException(field, message);
        }

        @Override
        public ServiceHandler service(String name, String field) {
            Object service = services.apply(name);
            dependencies.add(new Dependency(true, name, service));
            if (service instanceof ServiceHandler handler) {
                return handler;
            }
            throw new Node.InvalidFieldException(field, String.valueOf(service));
        }

        @Override
        public <T> T state(String key, Supplier<T> initial) {
            return state.get(definition, key, initial);
        }
    }
}
