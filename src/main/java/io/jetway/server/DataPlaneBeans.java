package io.jetway.server;

import io.jetway.build.RuntimeSnapshotHolder;
import io.jetway.tls.acme.CertificateResolvers;
import jakarta.servlet.ServletContext;

/**
 * What the composition root ({@code io.jetway.bootstrap}) hands the request path ({@code server.entry},
 * {@code server.proxy}): the CDI beans the data plane uses, resolved once when the application
 * starts and kept as one servlet context attribute, so the request path never looks a bean up.
 * It sits above the sub-packages because both sides of that hand-over read it.
 *
 * @param routingTables        the snapshot holder's instance itself, not CDI's client proxy: every request
 *                             reads the table
 * @param certificateResolvers the started control plane's ACME resolvers (the routing filter
 *                             answers their HTTP-01 challenges), or null when none is configured;
 *                             read once, when the filter initialises
 */
public record DataPlaneBeans(RuntimeSnapshotHolder routingTables, CertificateResolvers certificateResolvers) {

    public static final String ATTRIBUTE = DataPlaneBeans.class.getName();

    /** The beans the bootstrap put in this context; the context's listeners run before its filters and servlets initialise. */
    public static DataPlaneBeans of(ServletContext context) {
        if (context.getAttribute(ATTRIBUTE) instanceof DataPlaneBeans beans) {
            return beans;
        }
        throw new IllegalStateException("Jetway's bootstrap listener has not started in this context");
    }
}
