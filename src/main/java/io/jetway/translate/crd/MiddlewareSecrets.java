package io.jetway.translate.crd;

import io.jetway.kube.KubeObject;
import io.jetway.kube.Node;
import io.jetway.kube.ResourceSnapshot;
import io.jetway.util.HtdigestLine;
import io.jetway.util.HtpasswdLine;
import io.jetway.util.Pem;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the auth middlewares name in Kubernetes, resolved as Traefik's CRD provider does:
 * basicAuth and digestAuth {@code secret} become {@code users} lines, forwardAuth's
 * {@code tls.caSecret} and {@code tls.certSecret} become PEM in {@code tls.ca}, {@code tls.cert}
 * and {@code tls.key}. A missing Secret, key or bad line is a problem naming the field.
 */
public final class MiddlewareSecrets {

    static final String BASIC_AUTH_TYPE = "kubernetes.io/basic-auth";
    /** An address naming a Service by its cluster DNS name: service.namespace.svc[.cluster.local]. */
    private static final Pattern SERVICE_HOST = Pattern.compile("([a-z0-9-]+)\\.([a-z0-9-]+)\\.svc(\\.cluster\\.local)?\\.?");
    /** Where forwardAuth sends its checks when its address is a known Service (see {@link #addressEndpoints}). */
    static final String ADDRESS_ENDPOINTS = "addressEndpoints";

    private final ResourceSnapshot resources;
    private final ServiceServers servers;

    MiddlewareSecrets(ResourceSnapshot resources, ServiceServers servers) {
        this.resources = resources;
        this.servers = servers;
    }

    /** The options with the named Kubernetes objects read in; unchanged for other kinds. */
    Map<String, Object> resolve(String type, Node options, String namespace, Map<String, Object> config) {
        return switch (type) {
            case "basicAuth" -> withUsers(options, namespace, config, true);
            case "digestAuth" -> withUsers(options, namespace, config, false);
            case "forwardAuth" -> forwardAuth(options, namespace, config);
            default -> config;
        };
    }

    private Map<String, Object> withUsers(Node options, String namespace, Map<String, Object> config, boolean basic) {
        Node secretNode = options.get("secret");
        String secretName = secretNode.string("");
        if (secretName.isEmpty()) {
            return config;
        }
        String field = secretNode.path();
        KubeObject secret = find(field, namespace, secretName);
        String where = field + ": Secret " + namespace + "/" + secretName;
        List<String> lines = new ArrayList<>();
        if (basic && BASIC_AUTH_TYPE.equals(secret.root().get("type").string(""))) {
            String user = value(where, secret, "username");
            String password = value(where, secret, "password");
            if (user == null || password == null || user.isEmpty()) {
                throw new TranslationException(where + " of type " + BASIC_AUTH_TYPE + " must have keys username and password");
            }
            lines.add(user + ":{SHA}" + sha1Base64(password));
        } else {
            String key = usersKey(where, secret);
            String text = value(where, secret, key);
            List<String> secretLines = text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
            if (secretLines.isEmpty()) {
                throw new TranslationException(where + " key " + key + " has no users");
            }
            try {
                if (basic) {
                    HtpasswdLine.parseAll(secretLines);
                } else {
                    HtdigestLine.parseAll(secretLines);
                }
            } catch (IllegalArgumentException e) {
                throw new TranslationException(where + " key " + key + " " + e.getMessage());
            }
            lines.addAll(secretLines);
        }
        List<String> users = new ArrayList<>(options.get("users").strings());
        users.addAll(lines);
        Map<String, Object> resolved = new LinkedHashMap<>(config);
        resolved.put("users", List.copyOf(users));
        return resolved;
    }

    /** {@code users}; as in Traefik, a Secret with a single key is read whatever the key's name. */
    private static String usersKey(String where, KubeObject secret) {
        Set<String> keys = keys(secret);
        if (keys.contains("users")) {
            return "users";
        }
        if (keys.size() == 1) {
            return keys.iterator().next();
        }
        throw new TranslationException(where + " has no key users" + (keys.isEmpty() ? "" : " (keys: " + keys + ")"));
    }

    private Map<String, Object> forwardAuth(Node options, String namespace, Map<String, Object> config) {
        Map<String, Object> resolved = new LinkedHashMap<>(config);
        resolved.remove(ADDRESS_ENDPOINTS);
        Node tls = options.get("tls");
        String caSecret = tls.get("caSecret").string("");
        String certSecret = tls.get("certSecret").string("");
        if (!caSecret.isEmpty() || !certSecret.isEmpty()) {
            Map<String, Object> tlsOptions = new LinkedHashMap<>(tls.map());
            if (!caSecret.isEmpty()) {
                tlsOptions.put("ca", caPem(tls.get("caSecret").path(), namespace, caSecret));
            }
            if (!certSecret.isEmpty()) {
                clientCertificate(tls.get("certSecret").path(), namespace, certSecret, tlsOptions::put);
            }
            resolved.put("tls", Map.copyOf(tlsOptions));
        }
        List<String> endpoints = addressEndpoints(options.get("address").string(""));
        if (!endpoints.isEmpty()) {
            resolved.put(ADDRESS_ENDPOINTS, endpoints);
        }
        return resolved;
    }

    /**
     * The servers behind an http address that names a Service known here by its cluster DNS name,
     * so that checks reach it also where cluster DNS does not resolve (Jetway run outside the
     * cluster). Empty otherwise: the address is then resolved through DNS when used.
     */
    private List<String> addressEndpoints(String address) {
        try {
            URI uri = new URI(address);
            if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
                return List.of();
            }
            Matcher m = SERVICE_HOST.matcher(uri.getHost().toLowerCase(java.util.Locale.ROOT));
            if (!m.matches() || resources.find("Service", m.group(2), m.group(1)).isEmpty()) {
                return List.of();
            }
            String port = String.valueOf(uri.getPort() < 0 ? 80 : uri.getPort());
            return servers.resolve(m.group(2), m.group(1), port, "http", false, false).stream()
                    .map(s -> s.url()).toList();
        } catch (URISyntaxException | TranslationException e) {
            return List.of(); // left to DNS (and to the middleware's own address check)
        }
    }

    private String caPem(String field, String namespace, String name) {
        KubeObject secret = find(field, namespace, name);
        String where = field + ": Secret " + namespace + "/" + name;
        for (String key : List.of("tls.ca", "ca.crt")) {
            String pem = value(where, secret, key);
            if (pem != null) {
                try {
                    Pem.certificates(pem);
                } catch (IllegalArgumentException e) {
                    throw new TranslationException(where + " key " + key + ": " + e.getMessage());
                }
                return pem;
            }
        }
        throw new TranslationException(where + " has no key tls.ca or ca.crt");
    }

    private void clientCertificate(String field, String namespace, String name, java.util.function.BiConsumer<String, Object> out) {
        KubeObject secret = find(field, namespace, name);
        String where = field + ": Secret " + namespace + "/" + name;
        String cert = value(where, secret, "tls.crt");
        String key = value(where, secret, "tls.key");
        if (cert == null || key == null) {
            throw new TranslationException(where + " must have keys tls.crt and tls.key");
        }
        check(where + " key tls.crt", () -> Pem.certificates(cert));
        check(where + " key tls.key", () -> Pem.privateKey(key));
        out.accept("cert", cert);
        out.accept("key", key);
    }

    private static void check(String where, Runnable parse) {
        try {
            parse.run();
        } catch (IllegalArgumentException e) {
            throw new TranslationException(where + ": " + e.getMessage());
        }
    }

    private KubeObject find(String field, String namespace, String name) {
        return resources.find("Secret", namespace, name)
                .orElseThrow(() -> new TranslationException(field + ": Secret " + namespace + "/" + name + " not found"));
    }

    private static Set<String> keys(KubeObject secret) {
        Set<String> keys = new LinkedHashSet<>();
        keys.addAll(secret.root().get("data").map().keySet());
        keys.addAll(secret.root().get("stringData").map().keySet());
        return keys;
    }

    /** A Secret's value: {@code data} (base64) or {@code stringData} (plain), or null. */
    public static String value(String where, KubeObject secret, String key) {
        try {
            String data = secret.root().get("data").get(key).string(null);
            if (data != null) {
                return new String(Base64.getMimeDecoder().decode(data), StandardCharsets.UTF_8);
            }
            return secret.root().get("stringData").get(key).string(null);
        } catch (IllegalArgumentException e) {
            throw new TranslationException(where + " key " + key + ": invalid base64");
        } catch (Node.InvalidFieldException e) {
            throw new TranslationException(where + " key " + key + ": " + e.getMessage());
        }
    }

    private static String sha1Base64(String password) {
        try {
            byte[] sum = MessageDigest.getInstance("SHA-1").digest(password.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(sum);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
