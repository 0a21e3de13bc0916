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

    private final Listener weld = new Listener();

    @Override
    public void contextInitialized(ServletContextEvent event) {
        weld.contextInitialized(event);
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        weld.contextDestroyed(event);
    }
}
