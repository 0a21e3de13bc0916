package io.jetway.api;

import org.glassfish.jersey.jsonb.JsonBindingFeature;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;

/** The JAX-RS application behind /api: resources, JSON-B, errors as JSON; no WADL. */
public class ManagementApplication extends ResourceConfig {

    public ManagementApplication() {
        register(ManagementResource.class);
        register(HttpResource.class);
        register(Layer4Resource.class);
        register(ExplainResource.class);
        register(TlsResource.class);
        register(ApiErrors.class);
        register(JsonBindingFeature.class);
        property(ServerProperties.WADL_FEATURE_DISABLE, true);
        // Jersey's own error pages would be HTML: ApiErrors writes JSON instead.
        property(ServerProperties.RESPONSE_SET_STATUS_OVER_SEND_ERROR, true);
    }
}
