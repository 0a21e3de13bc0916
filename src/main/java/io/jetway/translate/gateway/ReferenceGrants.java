package io.jetway.translate.gateway;

import io.jetway.kube.KubeObject;
import io.jetway.kube.Node;
import io.jetway.kube.ResourceSnapshot;

/**
 * Whether a ReferenceGrant in the target's namespace lets an object of the Gateway API refer across
 * namespaces: {@code from} names the referring group, kind and namespace; {@code to} the target's
 * group (empty for core), kind and, optionally, name.
 */
final class ReferenceGrants {

    static final String GATEWAY_GROUP = "gateway.networking.k8s.io";

    private ReferenceGrants() {
    }

    static boolean granted(ResourceSnapshot resources, String fromKind, String fromNamespace, String toGroup, String toKind,
                           String toName, String toNamespace) {
        if (toNamespace.equals(fromNamespace)) {
            return true;
        }
        for (KubeObject grant : resources.ofKind("ReferenceGrant")) {
            if (!grant.namespace().equals(toNamespace) || !grant.group().equals(GATEWAY_GROUP)) {
                continue;
            }
            boolean from = false;
            for (Node f : grant.spec().get("from").list()) {
                if (f.get("group").string("").equals(GATEWAY_GROUP) && f.get("kind").string("").equals(fromKind)
                        && f.get("namespace").string("").equals(fromNamespace)) {
                    from = true;
                    break;
                }
            }
            if (!from) {
                continue;
            }
            for (Node t : grant.spec().get("to").list()) {
                String group = t.get("group").string("");
                if ((group.equals(toGroup) || group.isEmpty() && toGroup.equals("core") || group.equals("core") && toGroup.isEmpty())
                        && t.get("kind").string("").equals(toKind)
                        && (t.get("name").string("").isEmpty() || t.get("name").string("").equals(toName))) {
                    return true;
                }
            }
        }
        return false;
    }
}
