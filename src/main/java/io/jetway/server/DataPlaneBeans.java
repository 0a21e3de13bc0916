package io.jetway.server;

import io.jetway.routing.RoutingTableHolder;
import jakarta.servlet.ServletContext;

/**
 * The CDI beans the data plane uses, resolved once by the bootstrap when the application starts
 * and handed to the routing filter and the proxy servlet as one servlet context attribute: the
 * request path never looks a bean up.
 *
 * @param routingTables the holder's instance itself, not CDI's client proxy: every request reads
 *                      the table
 * @param controlPlane  read once, when the filter initialises
 */
record DataPlaneBeans(RoutingTableHolder routingTables, ControlPlane controlPlane) {

    static final String ATTRIBUTE = DataPlaneBeans.class.getName();

    /** The beans the bootstrap put in this context; the context's listeners run before its filters and servlets initialise. */
    static DataPlaneBeans of(ServletContext context) {
        if (context.getAttribute(ATTRIBUTE) instanceof DataPlaneBeans beans) {
            return beans;
        }
        throw new IllegalStateException("Jetway's bootstrap listener has not started in this context");
    }
}
