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

    /**
     * @param services service name to its handler, or to an error message
     * @param problems middleware name to the problems the translator found with it
     */
    public MiddlewareBuilder(Map<String, MiddlewareConfig> definitions, Map<String, MiddlewareFactory> factories,
                             MiddlewareState state, Function<String, Object> services,
                             Function<String, List<String>> problems) {
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
        if (factory == null) {
            return "middleware \"" + name + "\" of type " + definition.type() + " is not supported yet";
        }
        if (!building.add(name)) {
            return "middleware \"" + name + "\" is part of a reference cycle";
        }
        try {
            return factory.create(Node.at("spec." + definition.type(), definition.options()), new Context(definition));
        } catch (Node.InvalidFieldException | IllegalArgumentException e) {
            return "middleware \"" + name + "\": " + e.getMessage();
        } finally {
            building.remove(name);
        }
    }

    private final class Context implements MiddlewareContext {
        private final MiddlewareConfig definition;

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
