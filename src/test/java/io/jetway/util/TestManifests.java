package io.jetway.util;

/** Manifests several tests start from. */
public final class TestManifests {

    /** Service {@code default/app} (port 80, named http) with one endpoint, 10.0.0.1:8080; ends with a document separator. */
    public static final String APP_SERVICE = """
            apiVersion: v1
            kind: Service
            metadata: {name: app}
            spec: {ports: [{name: http, port: 80}]}
            ---
            apiVersion: v1
            kind: Endpoints
            metadata: {name: app}
            subsets: [{addresses: [{ip: 10.0.0.1}], ports: [{name: http, port: 8080}]}]
            ---
            """;

    private TestManifests() {
    }
}
