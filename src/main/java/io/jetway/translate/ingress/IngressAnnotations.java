package io.jetway.translate.ingress;

import io.jetway.dynamic.RouterTls;
import io.jetway.dynamic.ServiceConfig.Sticky;
import io.jetway.dynamic.TlsDomain;
import io.jetway.kube.KubeObject;
import io.jetway.kube.Node;
import io.jetway.translate.crd.TranslationException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code traefik.ingress.kubernetes.io/} annotations: {@code router.*} on an Ingress and
 * {@code service.*} on a Service. Keys are case-insensitive as in Traefik; an unknown key or a bad
 * value is an error naming the annotation, so a typo does not silently change the routing.
 */
final class IngressAnnotations {

    static final String PREFIX = "traefik.ingress.kubernetes.io/";

    private static final Pattern DOMAIN = Pattern.compile("router\\.tls\\.domains\\.(\\d+)\\.(main|sans)");
    private static final Set<String> ROUTER_KEYS = Set.of("router.entrypoints", "router.middlewares", "router.priority",
            "router.pathmatcher", "router.rulesyntax", "router.tls", "router.tls.certresolver", "router.tls.options");
    private static final Set<String> SERVICE_KEYS = Set.of("service.nativelb", "service.nodeportlb", "service.serversscheme",
            "service.serverstransport", "service.passhostheader", "service.sticky.cookie", "service.sticky.cookie.name",
            "service.sticky.cookie.secure", "service.sticky.cookie.samesite", "service.sticky.cookie.httponly",
            "service.sticky.cookie.maxage", "service.sticky.cookie.domain", "service.sticky.cookie.path");
    private static final Set<String> PATH_MATCHERS = Set.of("Path", "PathPrefix", "PathRegexp");
    private static final Set<String> SCHEMES = Set.of("http", "https", "h2c");

    private IngressAnnotations() {
    }

    /**
     * @param pathMatcher the matcher for paths of type ImplementationSpecific (or none)
     * @param tls         null when the routers do not terminate TLS
     */
    record RouterOptions(List<String> entryPoints, List<String> middlewares, int priority, String pathMatcher,
                         String ruleSyntax, RouterTls tls) {
    }

    /** @param nativeLB null when the annotation is absent (the provider's default applies) */
    record ServiceOptions(Boolean nativeLB, boolean nodePortLB, String scheme, String serversTransport,
                          boolean passHostHeader, Sticky sticky) {
    }

    static RouterOptions router(KubeObject ingress) {
        Map<String, Annotation> a = annotations(ingress, "router.");
        for (String key : a.keySet()) {
            if (!ROUTER_KEYS.contains(key) && !DOMAIN.matcher(key).matches()) {
                throw new TranslationException(a.get(key).field() + ": unknown annotation");
            }
        }
        String pathMatcher = text(a, "router.pathmatcher", "PathPrefix");
        if (!PATH_MATCHERS.contains(pathMatcher)) {
            throw invalid(a.get("router.pathmatcher"), "must be Path, PathPrefix or PathRegexp");
        }
        String ruleSyntax = text(a, "router.rulesyntax", "v3");
        if (!ruleSyntax.equals("v2") && !ruleSyntax.equals("v3")) {
            throw invalid(a.get("router.rulesyntax"), "must be v2 or v3");
        }
        return new RouterOptions(list(a, "router.entrypoints"),
                list(a, "router.middlewares").stream().map(IngressNames::reference).toList(),
                integer(a, "router.priority", 0), pathMatcher, ruleSyntax, tls(a));
    }

    /** TLS is on with {@code router.tls: "true"} or any {@code router.tls.*} option, unless {@code router.tls} is "false". */
    private static RouterTls tls(Map<String, Annotation> a) {
        boolean options = a.keySet().stream().anyMatch(k -> k.startsWith("router.tls."));
        boolean enabled = bool(a, "router.tls", options);
        if (!enabled) {
            return null;
        }
        String tlsOptions = text(a, "router.tls.options", null);
        if (tlsOptions != null && !tlsOptions.equals("default")) {
            tlsOptions = IngressNames.reference(tlsOptions);
        }
        return new RouterTls(tlsOptions, text(a, "router.tls.certresolver", null), domains(a));
    }

    private static List<TlsDomain> domains(Map<String, Annotation> a) {
        Map<Integer, String> mains = new TreeMap<>();
        Map<Integer, List<String>> sans = new TreeMap<>();
        for (Map.Entry<String, Annotation> e : a.entrySet()) {
            Matcher m = DOMAIN.matcher(e.getKey());
            if (!m.matches()) {
                continue;
            }
            int index = Integer.parseInt(m.group(1));
            if (m.group(2).equals("main")) {
                mains.put(index, e.getValue().value().strip());
            } else {
                sans.put(index, list(a, e.getKey()));
            }
        }
        List<TlsDomain> domains = new ArrayList<>();
        for (Map.Entry<Integer, List<String>> e : sans.entrySet()) {
            if (!mains.containsKey(e.getKey())) {
                throw invalid(a.get("router.tls.domains." + e.getKey() + ".sans"),
                        "needs router.tls.domains." + e.getKey() + ".main");
            }
        }
        mains.forEach((index, main) -> {
            if (main.isEmpty()) {
                throw invalid(a.get("router.tls.domains." + index + ".main"), "must not be empty");
            }
            domains.add(new TlsDomain(main, sans.getOrDefault(index, List.of())));
        });
        return domains;
    }

    static ServiceOptions service(KubeObject service) {
        Map<String, Annotation> a = annotations(service, "service.");
        for (String key : a.keySet()) {
            if (!SERVICE_KEYS.contains(key)) {
                throw new TranslationException(a.get(key).field() + ": unknown annotation");
            }
        }
        String scheme = text(a, "service.serversscheme", null);
        if (scheme != null && !SCHEMES.contains(scheme)) {
            throw invalid(a.get("service.serversscheme"), "must be http, https or h2c");
        }
        String transport = text(a, "service.serverstransport", null);
        Boolean nativeLB = a.containsKey("service.nativelb") ? bool(a, "service.nativelb", false) : null;
        return new ServiceOptions(nativeLB, bool(a, "service.nodeportlb", false), scheme,
                transport == null ? null : IngressNames.reference(transport), bool(a, "service.passhostheader", true),
                sticky(a));
    }

    /** A sticky cookie when {@code service.sticky.cookie} is "true" or any of its options is set. */
    private static Sticky sticky(Map<String, Annotation> a) {
        boolean options = a.keySet().stream().anyMatch(k -> k.startsWith("service.sticky.cookie."));
        if (!bool(a, "service.sticky.cookie", options)) {
            return null;
        }
        int maxAge = integer(a, "service.sticky.cookie.maxage", 0);
        String sameSite = text(a, "service.sticky.cookie.samesite", "");
        if (!sameSite.isEmpty() && !Set.of("none", "lax", "strict").contains(sameSite.toLowerCase(Locale.ROOT))) {
            throw invalid(a.get("service.sticky.cookie.samesite"), "must be none, lax or strict");
        }
        return new Sticky(text(a, "service.sticky.cookie.name", null), bool(a, "service.sticky.cookie.secure", false),
                bool(a, "service.sticky.cookie.httponly", false), sameSite, maxAge,
                text(a, "service.sticky.cookie.domain", ""), text(a, "service.sticky.cookie.path", "/"));
    }

    /** An annotation's value and the field to name in errors. */
    private record Annotation(String field, String value) {
    }

    /** This object's annotations under the prefix and {@code scope}, keyed by the lowercased rest of the key. */
    private static Map<String, Annotation> annotations(KubeObject o, String scope) {
        Node annotations = o.root().get("metadata").get("annotations");
        Map<String, Annotation> out = new LinkedHashMap<>();
        for (String key : annotations.map().keySet()) {
            String lower = key.toLowerCase(Locale.ROOT);
            if (lower.startsWith(PREFIX) && lower.substring(PREFIX.length()).startsWith(scope)) {
                String field = "metadata.annotations[\"" + key + "\"]";
                Object raw = annotations.map().get(key);
                String value = Node.at(field, raw).string("");
                out.put(lower.substring(PREFIX.length()), new Annotation(field, value));
            }
        }
        return out;
    }

    private static TranslationException invalid(Annotation a, String reason) {
        return new TranslationException(a.field() + ": " + reason + ", got \"" + a.value() + "\"");
    }

    private static String text(Map<String, Annotation> a, String key, String fallback) {
        Annotation value = a.get(key);
        return value == null || value.value().isBlank() ? fallback : value.value().strip();
    }

    private static List<String> list(Map<String, Annotation> a, String key) {
        Annotation value = a.get(key);
        if (value == null) {
            return List.of();
        }
        List<String> items = new ArrayList<>();
        for (String item : value.value().split(",")) {
            if (!item.isBlank()) {
                items.add(item.strip());
            }
        }
        return List.copyOf(items);
    }

    private static int integer(Map<String, Annotation> a, String key, int fallback) {
        Annotation value = a.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.value().strip());
        } catch (NumberFormatException e) {
            throw invalid(value, "expected an integer");
        }
    }

    private static boolean bool(Map<String, Annotation> a, String key, boolean fallback) {
        Annotation value = a.get(key);
        if (value == null) {
            return fallback;
        }
        String v = value.value().strip();
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(v);
        }
        throw invalid(value, "expected true or false");
    }
}
