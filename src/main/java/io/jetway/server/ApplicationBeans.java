package io.jetway.server;

import org.jboss.weld.proxy.WeldClientProxy;

/** Helpers for the CDI beans the request path calls. */
final class ApplicationBeans {

    private ApplicationBeans() {
    }

    /**
     * The instance behind a Weld client proxy. Each call through the proxy looks the instance up in
     * its context; for an {@code @ApplicationScoped} bean the instance is the same for the
     * application's life, so the request path can hold it directly.
     */
    @SuppressWarnings("unchecked")
    static <T> T direct(T applicationScopedBean) {
        if (applicationScopedBean instanceof WeldClientProxy proxy) {
            return (T) proxy.getMetadata().getContextualInstance();
        }
        return applicationScopedBean;
    }
}
