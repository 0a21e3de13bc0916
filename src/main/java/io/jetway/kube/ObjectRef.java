package io.jetway.kube;

/** Identifies a Kubernetes object in problems and logs: {@code IngressRoute default/whoami}. */
public record ObjectRef(String kind, String namespace, String name) {

    @Override
    public String toString() {
        return kind + " " + namespace + "/" + name;
    }
}
