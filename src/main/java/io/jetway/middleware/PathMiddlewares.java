package io.jetway.middleware;

import io.jetway.exchange.ForwardEdits;
import io.jetway.exchange.Exchange;
import io.jetway.model.Node;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The middlewares that rewrite the forwarded path: addPrefix, stripPrefix, stripPrefixRegex,
 * replacePath and replacePathRegex, with Traefik's X-Forwarded-Prefix and X-Replaced-Path.
 */
public final class PathMiddlewares {

    static final String FORWARDED_PREFIX = "X-Forwarded-Prefix";
    static final String REPLACED_PATH = "X-Replaced-Path";

    private PathMiddlewares() {
    }

    /** A middleware that computes the new path (or null to leave it) and the headers that go with it. */
    private abstract static class PathRewrite extends HttpMiddleware {
        @Override
        protected final void filter(HttpServletRequest request, HttpServletResponse response, FilterChain next)
                throws IOException, ServletException {
            rewrite(request, Exchange.of(request).path());
            next.doFilter(request, response);
        }

        abstract void rewrite(HttpServletRequest request, String path);
    }

    public static Filter addPrefix(Node options, MiddlewareContext context) {
        String prefix = options.get("prefix").requiredString();
        if (!prefix.startsWith("/")) {
            throw new Node.InvalidFieldException(options.get("prefix").path(), "must start with /, got \"" + prefix + "\"");
        }
        return new PathRewrite() {
            @Override
            void rewrite(HttpServletRequest request, String path) {
                Exchange.of(request).edits().setPath(prefix + path);
            }
        };
    }

    public static Filter stripPrefix(Node options, MiddlewareContext context) {
        List<String> prefixes = options.get("prefixes").strings();
        return new PathRewrite() {
            @Override
            void rewrite(HttpServletRequest request, String path) {
                for (String prefix : prefixes) {
                    if (!prefix.isEmpty() && path.startsWith(prefix)) {
                        strip(request, path, prefix);
                        return;
                    }
                }
            }
        };
    }

    public static Filter stripPrefixRegex(Node options, MiddlewareContext context) {
        List<Pattern> patterns = new ArrayList<>();
        for (Node regex : options.get("regex").list()) {
            patterns.add(compile(regex));
        }
        return new PathRewrite() {
            @Override
            void rewrite(HttpServletRequest request, String path) {
                for (Pattern pattern : patterns) {
                    Matcher m = pattern.matcher(path);
                    if (m.find() && m.start() == 0 && m.end() > 0) {
                        strip(request, path, path.substring(0, m.end()));
                        return;
                    }
                }
            }
        };
    }

    private static void strip(HttpServletRequest request, String path, String prefix) {
        ForwardEdits edits = Exchange.of(request).edits();
        edits.addRequestHeader(FORWARDED_PREFIX, prefix);
        String rest = path.substring(prefix.length());
        edits.setPath(rest.startsWith("/") ? rest : "/" + rest);
    }

    public static Filter replacePath(Node options, MiddlewareContext context) {
        String replacement = options.get("path").requiredString();
        return new PathRewrite() {
            @Override
            void rewrite(HttpServletRequest request, String path) {
                ForwardEdits edits = Exchange.of(request).edits();
                edits.setRequestHeader(REPLACED_PATH, path);
                edits.setPath(replacement);
            }
        };
    }

    public static Filter replacePathRegex(Node options, MiddlewareContext context) {
        Pattern pattern = compile(options.get("regex"));
        // Go writes groups as $1 or ${1}; Java takes $1 and ${name}.
        String replacement = options.get("replacement").string("").replaceAll("\\$\\{(\\d+)}", "\\$$1");
        return new PathRewrite() {
            @Override
            void rewrite(HttpServletRequest request, String path) {
                Matcher m = pattern.matcher(path);
                if (m.find()) {
                    ForwardEdits edits = Exchange.of(request).edits();
                    edits.setRequestHeader(REPLACED_PATH, path);
                    String replaced = m.replaceAll(replacement);
                    edits.setPath(replaced.isEmpty() ? "/" : replaced);
                }
            }
        };
    }

    static Pattern compile(Node regex) {
        String text = regex.requiredString();
        try {
            return Pattern.compile(text);
        } catch (PatternSyntaxException e) {
            throw new Node.InvalidFieldException(regex.path(), "invalid regular expression \"" + text + "\": " + e.getDescription());
        }
    }
}
