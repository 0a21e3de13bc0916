package io.jetway.translate.gateway;

import io.jetway.dynamic.ServersTransport;
import io.jetway.kube.KubeObject;
import io.jetway.kube.Node;
import io.jetway.kube.ResourceSnapshot;
import io.jetway.translate.crd.MiddlewareSecrets;
import io.jetway.translate.crd.TranslationException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * BackendTLSPolicies (v1) as Traefik applies them: the oldest policy (then the first by name)
 * whose targetRef names the Service, and the port by sectionName when it sets one, makes the
 * backend HTTPS with its {@code validation.hostname} as server name and the CA certificates it
 * names ({@code ca.crt} of ConfigMaps or Secrets in its namespace), or the JVM's trust store for
 * {@code wellKnownCACertificates: System}.
 */
final class BackendTlsPolicies {

    private static final java.util.regex.Pattern HOSTNAME = java.util.regex.Pattern.compile(
            "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");

    private final ResourceSnapshot resources;

    BackendTlsPolicies(ResourceSnapshot resources) {
        this.resources = resources;
    }

    /**
     * The transport for a Service port, or null when no policy targets it.
     *
     * @throws HttpBackends.BackendException RefNotPermitted when the policy that applies cannot be used
     */
    ServersTransport transport(String namespace, String service, String portName, String transportName) {
        List<KubeObject> policies = new ArrayList<>();
        for (KubeObject policy : resources.ofKind("BackendTLSPolicy")) {
            if (policy.namespace().equals(namespace) && policy.group().equals(ReferenceGrants.GATEWAY_GROUP)
                    && targets(policy, service, portName)) {
                policies.add(policy);
            }
        }
        if (policies.isEmpty()) {
            return null;
        }
        policies.sort(Comparator.comparing((KubeObject p) -> p.root().get("metadata").get("creationTimestamp").string(""))
                .thenComparing(KubeObject::name));
        KubeObject policy = policies.get(0);
        Node validation = policy.spec().get("validation");
        String hostname = validation.get("hostname").string("");
        if (!HOSTNAME.matcher(hostname).matches()) {
            // It becomes the SNI and the name the certificate must carry: a manifest's text is not trusted as one.
            throw invalid(policy, namespace, service, "validation.hostname \"" + hostname + "\" is not a DNS name");
        }
        List<String> cas = new ArrayList<>();
        for (Node ref : validation.get("caCertificateRefs").list()) {
            cas.add(caCertificate(policy, ref));
        }
        boolean system = "System".equals(validation.get("wellKnownCACertificates").string(""));
        if (cas.isEmpty() && !system) {
            throw invalid(policy, namespace, service, "it names neither caCertificateRefs nor wellKnownCACertificates: System");
        }
        return new ServersTransport(transportName, hostname, false, cas, List.of(),
                ServersTransport.DEFAULT_MAX_IDLE_CONNS_PER_HOST, false, "", ServersTransport.ForwardingTimeouts.DEFAULTS,
                policy.ref());
    }

    private static boolean targets(KubeObject policy, String service, String portName) {
        for (Node ref : policy.spec().get("targetRefs").list()) {
            String group = ref.get("group").string("");
            if ((group.isEmpty() || group.equals("core")) && ref.get("kind").string("").equals("Service")
                    && ref.get("name").string("").equals(service)) {
                String section = ref.get("sectionName").string("");
                if (section.isEmpty() || section.equals(portName)) {
                    return true;
                }
            }
        }
        return false;
    }

    private String caCertificate(KubeObject policy, Node ref) {
        String kind = ref.get("kind").string("");
        String name = ref.get("name").string("");
        String group = ref.get("group").string("");
        if (!(group.isEmpty() || group.equals("core")) || !(kind.equals("ConfigMap") || kind.equals("Secret"))) {
            throw invalid(policy, policy.namespace(), name, "caCertificateRefs: unsupported kind " + (group.isEmpty() ? "core" : group)
                    + "/" + kind + " (ConfigMap or Secret)");
        }
        KubeObject holder = resources.find(kind, policy.namespace(), name).orElseThrow(() -> invalid(policy, policy.namespace(), name,
                kind + " " + policy.namespace() + "/" + name + " not found"));
        String pem;
        if (kind.equals("ConfigMap")) {
            pem = holder.root().get("data").get("ca.crt").string(null);
        } else {
            try {
                pem = MiddlewareSecrets.value("Secret " + policy.namespace() + "/" + name, holder, "ca.crt");
            } catch (TranslationException e) {
                throw invalid(policy, policy.namespace(), name, e.getMessage());
            }
        }
        if (pem == null || !pem.contains("-----BEGIN CERTIFICATE-----")) {
            throw invalid(policy, policy.namespace(), name, kind + " " + policy.namespace() + "/" + name + " has no PEM certificate in ca.crt");
        }
        return pem;
    }

    private static HttpBackends.BackendException invalid(KubeObject policy, String namespace, String service, String why) {
        return new HttpBackends.BackendException("RefNotPermitted", "Cannot apply BackendTLSPolicy " + policy.namespace() + "/"
                + policy.name() + " for Service " + namespace + "/" + service + ": " + why);
    }
}
