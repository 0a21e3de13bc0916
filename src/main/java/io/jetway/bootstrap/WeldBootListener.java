package io.jetway.bootstrap;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import org.jboss.weld.environment.servlet.Listener;

/**
 * Boots Weld with the servlet context and shuts it down with it, without Weld's per-request hooks.
 * No Jetway request uses request-scoped beans, and those hooks cost a path match and a context
 * stack on every proxied request (seen in JFR allocation profiles under proxy-bench).
 */
final class WeldBootListener implements ServletContextListener {

    /** Weld's switch for the schema validation of beans.xml files, read once per JVM. */
    static final String XML_VALIDATION_OFF = "org.jboss.weld.xml.disableValidating";

    private final Listener weld = new Listener();

    @Override
    public void contextInitialized(ServletContextEvent event) {
        // The only beans.xml in the jar is Jetway's own: validating it against the CDI schema loads
        // the JDK's XML Schema implementation, about 200 ms of a start. An explicit setting wins.
        if (System.getProperty(XML_VALIDATION_OFF) == null) {
            System.setProperty(XML_VALIDATION_OFF, "true");
        }
        weld.contextInitialized(event);
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        weld.contextDestroyed(event);
    }
}
